package dev.lightbox.dicom.codec.rle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-only Part 10 reader: just enough to pull the Image Pixel module, the native pixel bytes or
 * the encapsulated frames out of the little-endian files dcmtk writes (PS3.10 §7.1, PS3.5 §7.1 and
 * §A.4). It is not the project's DICOM reader and trusts its input.
 */
public final class TestDicomFile {
  private static final int PIXEL_DATA = 0x7FE00010;
  private static final int ITEM = 0xFFFEE000;
  private static final int ITEM_END = 0xFFFEE00D;
  private static final int SEQUENCE_END = 0xFFFEE0DD;
  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

  private final byte[] bytes;
  private final boolean implicitVr;
  private final Map<Integer, byte[]> values = new HashMap<>();
  private final String transferSyntax;
  private byte[] nativePixels;
  private final List<Integer> offsetTable = new ArrayList<>();
  private final List<int[]> fragments = new ArrayList<>(); // {position-of-item-tag-rel, start, len}

  private TestDicomFile(byte[] bytes) throws IOException {
    this.bytes = bytes;
    if (bytes.length < 132 || !"DICM".equals(new String(bytes, 128, 4, StandardCharsets.US_ASCII))) {
      throw new IOException("not a Part 10 file");
    }
    int pos = 132;
    while (pos + 8 <= bytes.length && u16(pos) == 0x0002) {
      pos = readElement(pos, false);
    }
    transferSyntax = string(0x00020010);
    implicitVr = "1.2.840.10008.1.2".equals(transferSyntax);
    while (pos + 8 <= bytes.length) {
      pos = readElement(pos, implicitVr);
    }
  }

  public static TestDicomFile read(Path path) throws IOException {
    return new TestDicomFile(Files.readAllBytes(path));
  }

  public String transferSyntax() {
    return transferSyntax;
  }

  public int rows() {
    return us(0x00280010);
  }

  public int columns() {
    return us(0x00280011);
  }

  public int samplesPerPixel() {
    return us(0x00280002);
  }

  public int bitsAllocated() {
    return us(0x00280100);
  }

  public int bitsStored() {
    return us(0x00280101);
  }

  public int planarConfiguration() {
    return values.containsKey(0x00280006) ? us(0x00280006) : 0;
  }

  public String photometric() {
    return string(0x00280004);
  }

  public int numberOfFrames() {
    String s = string(0x00280008);
    return s.isEmpty() ? 1 : Integer.parseInt(s);
  }

  /**
   * Native pixel values of one frame, pixel-interleaved whatever the planar configuration, as the
   * unsigned BitsAllocated-wide integers stored in the file (32-bit ones as raw bit patterns).
   */
  public int[] nativeFrame(int frame) {
    int spp = samplesPerPixel();
    int pixels = rows() * columns();
    int bytesPerSample = bitsAllocated() / 8;
    int frameBytes = pixels * spp * bytesPerSample;
    int base = frame * frameBytes;
    boolean planar = planarConfiguration() == 1;
    int[] out = new int[pixels * spp];
    for (int i = 0; i < pixels * spp; i++) {
      int pos = base + i * bytesPerSample;
      int v = 0;
      for (int b = bytesPerSample - 1; b >= 0; b--) {
        v = (v << 8) | (nativePixels[pos + b] & 0xFF);
      }
      int target = planar ? (i % pixels) * spp + i / pixels : i;
      out[target] = v;
    }
    return out;
  }

  /** The compressed bytes of one frame of encapsulated pixel data (PS3.5 §A.4). */
  public byte[] frame(int frame) throws IOException {
    int frames = numberOfFrames();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (frames == 1) {
      for (int[] f : fragments) {
        out.write(bytes, f[1], f[2]);
      }
    } else if (!offsetTable.isEmpty()) {
      long start = offsetTable.get(frame);
      long end = frame + 1 < offsetTable.size() ? offsetTable.get(frame + 1) : Long.MAX_VALUE;
      for (int[] f : fragments) {
        if (f[0] >= start && f[0] < end) {
          out.write(bytes, f[1], f[2]);
        }
      }
    } else if (fragments.size() == frames) {
      int[] f = fragments.get(frame);
      out.write(bytes, f[1], f[2]);
    } else {
      throw new IOException("cannot split " + fragments.size() + " fragments into frames");
    }
    return out.toByteArray();
  }

  public boolean encapsulated() {
    return nativePixels == null;
  }

  private int readElement(int pos, boolean implicit) throws IOException {
    int tag = u16(pos) << 16 | u16(pos + 2);
    String vr;
    long length;
    int valuePos;
    if (implicit || tag == ITEM || tag == ITEM_END || tag == SEQUENCE_END) {
      vr = tag == PIXEL_DATA ? "OB" : "UN?";
      length = u32(pos + 4);
      valuePos = pos + 8;
    } else {
      vr = new String(bytes, pos + 4, 2, StandardCharsets.US_ASCII);
      if (LONG_VRS.contains(vr)) {
        length = u32(pos + 8);
        valuePos = pos + 12;
      } else {
        length = u16(pos + 6);
        valuePos = pos + 8;
      }
    }
    if (length == 0xFFFFFFFFL) {
      if (tag == PIXEL_DATA) {
        return readFragments(valuePos);
      }
      return skipUndefined(valuePos, implicit);
    }
    int end = (int) (valuePos + length);
    if (end > bytes.length) {
      throw new IOException("element " + Integer.toHexString(tag) + " runs past the end");
    }
    if (tag == PIXEL_DATA) {
      nativePixels = java.util.Arrays.copyOfRange(bytes, valuePos, end);
    } else if ((tag >>> 16) == 0x0028 || (tag >>> 16) == 0x0002) {
      values.put(tag, java.util.Arrays.copyOfRange(bytes, valuePos, end));
    }
    return end;
  }

  /** Skips a sequence of undefined length, items of either length form (PS3.5 §7.5). */
  private int skipUndefined(int pos, boolean implicit) throws IOException {
    while (pos + 8 <= bytes.length) {
      int tag = u16(pos) << 16 | u16(pos + 2);
      long length = u32(pos + 4);
      pos += 8;
      if (tag == SEQUENCE_END) {
        return pos;
      }
      if (tag != ITEM) {
        throw new IOException("expected item at " + (pos - 8));
      }
      if (length != 0xFFFFFFFFL) {
        pos += (int) length;
        continue;
      }
      while (pos + 8 <= bytes.length) {
        int inner = u16(pos) << 16 | u16(pos + 2);
        if (inner == ITEM_END) {
          pos += 8;
          break;
        }
        Map<Integer, byte[]> keep = new HashMap<>(values);
        pos = readElement(pos, implicit);
        values.clear();
        values.putAll(keep);
      }
    }
    throw new IOException("unterminated sequence");
  }

  private int readFragments(int pos) throws IOException {
    int first = -1;
    boolean table = true;
    while (pos + 8 <= bytes.length) {
      int tag = u16(pos) << 16 | u16(pos + 2);
      int length = (int) u32(pos + 4);
      if (tag == SEQUENCE_END) {
        return pos + 8;
      }
      if (tag != ITEM || pos + 8 + (long) length > bytes.length) {
        throw new IOException("bad fragment item at " + pos);
      }
      if (table) {
        for (int i = 0; i < length; i += 4) {
          offsetTable.add((int) u32(pos + 8 + i));
        }
        table = false;
        first = pos + 8 + length;
      } else {
        fragments.add(new int[] {pos - first, pos + 8, length});
      }
      pos += 8 + length;
    }
    throw new IOException("unterminated pixel data");
  }

  private int us(int tag) {
    byte[] v = values.get(tag);
    if (v == null) {
      throw new IllegalStateException("missing " + Integer.toHexString(tag));
    }
    return (v[0] & 0xFF) | (v[1] & 0xFF) << 8;
  }

  private String string(int tag) {
    byte[] v = values.get(tag);
    return v == null ? "" : new String(v, StandardCharsets.US_ASCII).replace("\0", "").trim();
  }

  private int u16(int pos) {
    return (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8;
  }

  private long u32(int pos) {
    return (bytes[pos] & 0xFFL)
        | (bytes[pos + 1] & 0xFFL) << 8
        | (bytes[pos + 2] & 0xFFL) << 16
        | (bytes[pos + 3] & 0xFFL) << 24;
  }
}
