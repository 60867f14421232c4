package dev.lightbox.dicom.net.dimse;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes an in-memory dataset (an identifier: query keys, matches, failed-instance lists) in
 * Implicit or Explicit VR Little Endian (PS3.5 §7.1), sequences and items with undefined length
 * (PS3.5 §7.5.2). The one place the network layer writes datasets, so that a general dataset writer
 * in dicom-core can replace it. Values must be in memory: bulk references and encapsulated pixel
 * data are refused, which identifiers never contain.
 */
public final class DatasetEncoder {
  private static final long UNDEFINED = 0xFFFFFFFFL;

  private DatasetEncoder() {}

  /** Encodes {@code dataset} in {@code transferSyntaxUid}, which must be little endian, not deflated. */
  public static byte[] encode(Dataset dataset, String transferSyntaxUid) {
    TransferSyntax ts = TransferSyntax.of(transferSyntaxUid);
    if (ts.bigEndian() || ts.deflated()) {
      throw new IllegalArgumentException("identifiers are encoded only in little endian, "
          + "uncompressed syntaxes, not " + ts.uid());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      write(out, dataset, ts.explicitVr());
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return out.toByteArray();
  }

  private static void write(OutputStream out, Dataset dataset, boolean explicit)
      throws IOException {
    for (Element e : dataset) {
      int group = e.tag() >>> 16;
      if (group == 0x0000 || group == 0x0002) {
        continue; // command and file meta groups never belong to a data set (PS3.7 §6.3.1)
      }
      if (e.value() instanceof Sequence seq) {
        header(out, e.tag(), Vr.SQ, UNDEFINED, explicit);
        for (Dataset item : seq.items()) {
          tagAndLength(out, Tag.ITEM, UNDEFINED);
          write(out, item, explicit);
          tagAndLength(out, Tag.ITEM_DELIMITATION_ITEM, 0);
        }
        tagAndLength(out, Tag.SEQUENCE_DELIMITATION_ITEM, 0);
      } else if (e.value() instanceof byte[] raw) {
        byte[] value = dataset.bigEndian() ? toLittleEndian(e.vr(), raw) : raw;
        if ((value.length & 1) == 1) {
          byte[] padded = java.util.Arrays.copyOf(value, value.length + 1);
          padded[value.length] = e.vr().padding();
          value = padded;
        }
        if (explicit && !e.vr().longHeader() && value.length > 0xFFFF) {
          throw new IllegalArgumentException(Tag.toString(e.tag()) + " " + e.vr()
              + " value of " + value.length + " bytes does not fit a 16-bit length");
        }
        header(out, e.tag(), e.vr(), value.length, explicit);
        out.write(value);
      } else if (e.value() == null) {
        header(out, e.tag(), e.vr(), 0, explicit);
      } else {
        throw new IllegalArgumentException(Tag.toString(e.tag())
            + " is not held in memory (" + e.value().getClass().getSimpleName() + ")");
      }
    }
  }

  private static void header(OutputStream out, int tag, Vr vr, long length, boolean explicit)
      throws IOException {
    le(out, tag >>> 16, 2);
    le(out, tag & 0xFFFF, 2);
    if (!explicit) {
      le(out, length, 4);
      return;
    }
    out.write(vr.name().charAt(0));
    out.write(vr.name().charAt(1));
    if (vr.longHeader()) {
      le(out, 0, 2);
      le(out, length, 4);
    } else {
      le(out, length, 2);
    }
  }

  private static void tagAndLength(OutputStream out, int tag, long length) throws IOException {
    le(out, tag >>> 16, 2);
    le(out, tag & 0xFFFF, 2);
    le(out, length, 4);
  }

  /** Swaps each binary value of a big endian dataset (PS3.5 §7.3); strings are byte order free. */
  private static byte[] toLittleEndian(Vr vr, byte[] raw) {
    int size = vr == Vr.AT ? 2 : vr.bytesPerValue();
    if (size <= 1 || vr.isString()) {
      return raw;
    }
    byte[] out = raw.clone();
    for (int i = 0; i + size <= out.length; i += size) {
      for (int j = 0; j < size / 2; j++) {
        byte t = out[i + j];
        out[i + j] = out[i + size - 1 - j];
        out[i + size - 1 - j] = t;
      }
    }
    return out;
  }

  private static void le(OutputStream out, long v, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }
}
