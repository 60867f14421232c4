package dev.lightbox.dicom.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.ValueDecoder;
import dev.lightbox.dicom.io.ByteSource;
import java.io.IOException;

/**
 * Compares two datasets element by element: tags, VRs, and value bytes in little-endian order
 * (values left in a source are read from it), recursing into sequences and fragments. Group
 * lengths are skipped: the writer recomputes them.
 */
final class DatasetAssertions {
  private DatasetAssertions() {}

  static void assertSameContent(Dataset expected, ByteSource expectedSource, Dataset actual,
      ByteSource actualSource, String path) throws IOException {
    assertSameContent(expected, expectedSource, actual, actualSource, path, true);
  }

  /**
   * As above; {@code compareVr} false for a file written in implicit VR, whose VRs the reader takes
   * from the dictionary rather than from the file.
   */
  static void assertSameContent(Dataset expected, ByteSource expectedSource, Dataset actual,
      ByteSource actualSource, String path, boolean compareVr) throws IOException {
    Dataset e = expected.filter(t -> !Tag.isGroupLength(t));
    Dataset a = actual.filter(t -> !Tag.isGroupLength(t));
    assertArrayEquals(e.tags(), a.tags(), "tags at " + path);
    for (int i = 0; i < e.size(); i++) {
      Element x = e.elementAt(i);
      Element y = a.elementAt(i);
      String at = path + "/" + Tag.toString(x.tag());
      if (compareVr) {
        assertEquals(x.vr(), y.vr(), "VR of " + at);
      }
      if (x.value() instanceof Sequence sx) {
        assertTrue(y.value() instanceof Sequence, "sequence at " + at);
        Sequence sy = (Sequence) y.value();
        assertEquals(sx.size(), sy.size(), "items of " + at);
        for (int k = 0; k < sx.size(); k++) {
          assertSameContent(sx.item(k), expectedSource, sy.item(k), actualSource, at + "/" + k,
              compareVr);
        }
      } else if (x.value() instanceof Fragments fx) {
        assertTrue(y.value() instanceof Fragments, "fragments at " + at);
        Fragments fy = (Fragments) y.value();
        assertArrayEquals(fx.basicOffsetTable(), fy.basicOffsetTable(), "offset table of " + at);
        assertEquals(fx.fragments().size(), fy.fragments().size(), "fragment count of " + at);
        for (int k = 0; k < fx.fragments().size(); k++) {
          assertArrayEquals(read(fx.fragments().get(k), expectedSource),
              read(fy.fragments().get(k), actualSource), "fragment " + k + " of " + at);
        }
      } else {
        byte[] vx = ValueDecoder.toLittleEndian(x.vr(), bytes(x, expectedSource),
            e.bigEndian());
        byte[] vy = ValueDecoder.toLittleEndian(y.vr(), bytes(y, actualSource), a.bigEndian());
        assertArrayEquals(vx, vy, "value of " + at);
      }
    }
  }

  private static byte[] bytes(Element e, ByteSource source) throws IOException {
    if (e.value() instanceof byte[] b) {
      return b;
    }
    if (e.value() instanceof BulkDataRef ref) {
      return read(ref, source);
    }
    fail("unexpected value " + e.value());
    return null;
  }

  private static byte[] read(BulkDataRef ref, ByteSource source) throws IOException {
    return source.readBytes(ref.offset(), Math.toIntExact(ref.length()));
  }
}
