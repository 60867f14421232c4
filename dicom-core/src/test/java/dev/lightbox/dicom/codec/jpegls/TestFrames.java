package dev.lightbox.dicom.codec.jpegls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Test-only reader of the first frame of a Part 10 file with an explicit VR little endian dataset
 * (PS3.10 §7.1, PS3.5 §7.1.2): the compressed bytes of an encapsulated frame (PS3.5 §A.4) or the
 * native samples of an uncompressed one. Deliberately independent of the production DICOM reader.
 */
final class TestFrames {
  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  private static final int UNDEFINED = -1;

  /** Image Pixel module values and the first frame's pixel data element. */
  record Frame(
      int rows,
      int columns,
      int samplesPerPixel,
      int bitsAllocated,
      int bitsStored,
      int planarConfiguration,
      int frames,
      byte[] compressed,
      byte[] nativeBytes) {

    /** Native samples of the first frame, pixel-interleaved, masked to Bits Stored. */
    int[] nativeSamples() {
      int count = rows * columns * samplesPerPixel;
      int bytes = bitsAllocated / 8;
      int mask = (int) ((1L << bitsStored) - 1);
      int[] out = new int[count];
      int plane = rows * columns;
      for (int i = 0; i < count; i++) {
        int src = i;
        if (planarConfiguration == 1 && samplesPerPixel > 1) {
          src = (i % samplesPerPixel) * plane + i / samplesPerPixel;
        }
        int v =
            bytes == 1
                ? nativeBytes[src] & 0xFF
                : (nativeBytes[2 * src] & 0xFF) | (nativeBytes[2 * src + 1] & 0xFF) << 8;
        out[i] = v & mask;
      }
      return out;
    }
  }

  private TestFrames() {}

  static Frame read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int p;
    if (all.length >= 132 && all[128] == 'D' && all[131] == 'M') {
      p = 132;
    } else if (all.length >= 8 && all[0] == 0x02 && all[1] == 0x00) {
      p = 0; // no preamble: file meta information starts the file
    } else {
      throw new IOException(file + ": neither a DICM prefix nor file meta information");
    }
    int depth = 0;
    int rows = 0, columns = 0, spp = 1, alloc = 0, stored = 0, planar = 0, frames = 1;
    while (p + 8 <= all.length) {
      int group = buf.getShort(p) & 0xFFFF;
      int element = buf.getShort(p + 2) & 0xFFFF;
      int tag = group << 16 | element;
      if (group == 0xFFFE) {
        int len = buf.getInt(p + 4);
        p += 8;
        if (element == 0xE000) {
          if (len == UNDEFINED) {
            depth++;
          } else {
            p += len;
          }
        } else {
          depth--;
        }
        continue;
      }
      String vr = new String(all, p + 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
      int len;
      int header;
      if (LONG_VRS.contains(vr)) {
        len = buf.getInt(p + 8);
        header = 12;
      } else {
        len = buf.getShort(p + 6) & 0xFFFF;
        header = 8;
      }
      int value = p + header;
      if (depth == 0 && tag == 0x7FE00010) {
        Frame shape = new Frame(rows, columns, spp, alloc, stored, planar, frames, null, null);
        if (len == UNDEFINED) {
          return withCompressed(shape, firstFrame(buf, value, frames));
        }
        int frameBytes = rows * columns * spp * (alloc / 8);
        byte[] nat = java.util.Arrays.copyOfRange(all, value, value + frameBytes);
        return new Frame(rows, columns, spp, alloc, stored, planar, frames, null, nat);
      }
      if (len == UNDEFINED) {
        depth++;
        p = value;
        continue;
      }
      if (depth == 0) {
        switch (tag) {
          case 0x00280010 -> rows = buf.getShort(value) & 0xFFFF;
          case 0x00280011 -> columns = buf.getShort(value) & 0xFFFF;
          case 0x00280002 -> spp = buf.getShort(value) & 0xFFFF;
          case 0x00280100 -> alloc = buf.getShort(value) & 0xFFFF;
          case 0x00280101 -> stored = buf.getShort(value) & 0xFFFF;
          case 0x00280006 -> planar = buf.getShort(value) & 0xFFFF;
          case 0x00280008 -> frames = Integer.parseInt(
              new String(all, value, len, java.nio.charset.StandardCharsets.US_ASCII).trim());
          default -> { }
        }
      }
      p = value + len;
    }
    throw new IOException(file + ": no top-level Pixel Data");
  }

  private static Frame withCompressed(Frame f, byte[] bytes) {
    return new Frame(f.rows(), f.columns(), f.samplesPerPixel(), f.bitsAllocated(),
        f.bitsStored(), f.planarConfiguration(), f.frames(), bytes, null);
  }

  /**
   * The first frame of encapsulated pixel data: the fragments the Basic Offset Table assigns to
   * it, or all fragments of a single-frame image, or the first fragment when a multi-frame image
   * has an empty table (one fragment per frame, as dcmtk writes by default).
   */
  private static byte[] firstFrame(ByteBuffer buf, int p, int frames) throws IOException {
    List<byte[]> fragments = new ArrayList<>();
    List<Integer> fragmentOffsets = new ArrayList<>();
    int[] table = new int[0];
    boolean first = true;
    int relative = 0;
    while (true) {
      int group = buf.getShort(p) & 0xFFFF;
      int element = buf.getShort(p + 2) & 0xFFFF;
      int len = buf.getInt(p + 4);
      if (group != 0xFFFE) {
        throw new IOException("unexpected tag in pixel data sequence at " + p);
      }
      if (element == 0xE0DD) {
        break;
      }
      byte[] value = java.util.Arrays.copyOfRange(buf.array(), p + 8, p + 8 + len);
      if (first) {
        table = new int[len / 4];
        for (int i = 0; i < table.length; i++) {
          table[i] = buf.getInt(p + 8 + 4 * i);
        }
        first = false;
      } else {
        fragments.add(value);
        fragmentOffsets.add(relative);
        relative += 8 + len;
      }
      p += 8 + len;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < fragments.size(); i++) {
      boolean inFirstFrame;
      if (table.length >= 2) {
        inFirstFrame = fragmentOffsets.get(i) < table[1];
      } else if (frames <= 1) {
        inFirstFrame = true;
      } else {
        inFirstFrame = i == 0;
      }
      if (inFirstFrame) {
        out.writeBytes(fragments.get(i));
      }
    }
    return out.toByteArray();
  }
}
