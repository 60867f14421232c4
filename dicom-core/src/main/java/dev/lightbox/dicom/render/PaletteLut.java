package dev.lightbox.dicom.render;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.ValueDecoder;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.util.Arrays;

/**
 * The Red, Green and Blue Palette Color LUTs (PS3.3 C.7.6.3.1.5-6), normal or segmented (C.7.9.2),
 * reduced to 8 bits per channel.
 */
final class PaletteLut {
  private static final int[] DESCRIPTOR = {Tag.RED_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
      Tag.GREEN_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR, Tag.BLUE_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR};
  private static final int[] DATA = {Tag.RED_PALETTE_COLOR_LOOKUP_TABLE_DATA,
      Tag.GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA, Tag.BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA};
  private static final int[] SEGMENTED = {Tag.SEGMENTED_RED_PALETTE_COLOR_LOOKUP_TABLE_DATA,
      Tag.SEGMENTED_GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA,
      Tag.SEGMENTED_BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA};
  private static final int MAX_SEGMENTED_ENTRIES = 65536;

  private final int first;
  private final byte[][] channels;

  private PaletteLut(int first, byte[][] channels) {
    this.first = first;
    this.channels = channels;
  }

  /** The first input value mapped (descriptor value 2, C.7.6.3.1.5). */
  int firstMapped() {
    return first;
  }

  void lookup(int index, byte[] out, int at) {
    for (int c = 0; c < 3; c++) {
      byte[] lut = channels[c];
      int i = index - first;
      out[at + c] = lut[i < 0 ? 0 : i >= lut.length ? lut.length - 1 : i];
    }
  }

  static PaletteLut from(Dataset ds, ValueReader reader) throws PixelDataException {
    byte[][] channels = new byte[3][];
    int first = 0;
    for (int c = 0; c < 3; c++) {
      long[] desc = ds.longs(DESCRIPTOR[c]);
      if (desc.length != 3) {
        throw new PixelDataException(Reason.INVALID_IMAGE,
            "PALETTE COLOR image lacks a valid palette LUT descriptor");
      }
      int entries = desc[0] == 0 ? 65536 : (int) desc[0];
      first = ds.vr(DESCRIPTOR[c]).orElse(Vr.US) == Vr.SS ? (short) desc[1] : (int) desc[1];
      int bits = (int) desc[2];
      java.util.Optional<byte[]> data = reader.bytes(ds, DATA[c]);
      int[] values = data.isPresent()
          ? plain(data.get(), entries, bits, ds.bigEndian())
          : segmented(ds, reader, SEGMENTED[c], bits);
      channels[c] = to8Bits(values, bits);
    }
    return new PaletteLut(first, channels);
  }

  private static int[] plain(byte[] raw, int entries, int bits, boolean be)
      throws PixelDataException {
    if (bits == 8 && raw.length == entries) {
      int[] v = new int[entries];
      for (int i = 0; i < entries; i++) {
        v[i] = raw[i] & 0xFF;
      }
      return v;
    }
    if (raw.length < 2 * entries) {
      throw new PixelDataException(Reason.INVALID_IMAGE, "Palette LUT data has " + raw.length
          + " bytes for " + entries + " entries");
    }
    int[] v = new int[entries];
    for (int i = 0; i < entries; i++) {
      v[i] = ValueDecoder.readUnsignedShort(raw, 2 * i, be);
    }
    return v;
  }

  /** Expands segmented LUT data: discrete (0), linear (1) and indirect (2) segments. */
  private static int[] segmented(Dataset ds, ValueReader reader, int tag, int bits)
      throws PixelDataException {
    byte[] raw = reader.bytes(ds, tag).orElseThrow(() -> new PixelDataException(Reason.INVALID_IMAGE,
        "PALETTE COLOR image has neither palette LUT data nor segmented palette data"));
    int words = raw.length / 2;
    int[] w = new int[words];
    for (int i = 0; i < words; i++) {
      w[i] = ValueDecoder.readUnsignedShort(raw, 2 * i, ds.bigEndian());
    }
    int[] out = new int[MAX_SEGMENTED_ENTRIES];
    int n = 0;
    int[] segmentStart = new int[words + 1];
    int segments = 0;
    int i = 0;
    while (i + 1 < words) {
      segmentStart[segments++] = n;
      int op = w[i];
      int len = w[i + 1];
      switch (op) {
        case 0 -> {
          if (i + 2 + len > words || n + len > out.length) {
            throw badSegment();
          }
          System.arraycopy(w, i + 2, out, n, len);
          n += len;
          i += 2 + len;
        }
        case 1 -> {
          if (n == 0 || n + len > out.length || i + 2 >= words) {
            throw badSegment();
          }
          int y0 = out[n - 1];
          int y1 = w[i + 2];
          for (int k = 1; k <= len; k++) {
            out[n++] = y0 + (int) Math.round((y1 - y0) * (double) k / len);
          }
          i += 3;
        }
        case 2 -> {
          if (i + 3 >= words) {
            throw badSegment();
          }
          int offset = w[i + 2] | (w[i + 3] << 16);
          if (offset < 0 || offset + len > segments - 1) {
            throw badSegment();
          }
          int from = segmentStart[offset];
          int to = segmentStart[offset + len];
          if (n + (to - from) > out.length) {
            throw badSegment();
          }
          System.arraycopy(out, from, out, n, to - from);
          n += to - from;
          i += 4;
        }
        default -> throw badSegment();
      }
    }
    if (n == 0) {
      throw badSegment();
    }
    return Arrays.copyOf(out, n);
  }

  private static PixelDataException badSegment() {
    return new PixelDataException(Reason.INVALID_IMAGE, "Segmented palette LUT data is malformed");
  }

  /**
   * Reduces entries to 8 bits. Some writers declare 16 bits but store 8-bit values; like common
   * viewers we then use the values as they are.
   */
  private static byte[] to8Bits(int[] values, int bits) {
    int max = 0;
    for (int v : values) {
      max = Math.max(max, v);
    }
    boolean sixteen = bits == 16 && max > 255;
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) (sixteen ? values[i] >>> 8 : values[i]);
    }
    return out;
  }
}
