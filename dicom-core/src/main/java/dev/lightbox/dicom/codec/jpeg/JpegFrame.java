package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;

/** A frame header (SOF0 or SOF1, ITU-T T.81 §B.2.2) and the MCU geometry that follows from it. */
final class JpegFrame {
  final int precision;
  final int width;
  final int height;
  final JpegComponent[] components;
  final int hMax;
  final int vMax;
  final int mcusPerLine;
  final int mcuRows;

  private JpegFrame(int precision, int width, int height, JpegComponent[] components, int hMax,
      int vMax, int mcusPerLine, int mcuRows) {
    this.precision = precision;
    this.width = width;
    this.height = height;
    this.components = components;
    this.hMax = hMax;
    this.vMax = vMax;
    this.mcusPerLine = mcusPerLine;
    this.mcuRows = mcuRows;
  }

  /**
   * Parses the SOF segment body at {@code pos} (after its length field).
   *
   * @param sof 0 for baseline, 1 for extended sequential
   */
  static JpegFrame read(byte[] d, int pos, int length, int base, int sof, DecodeLimits limits)
      throws CodecException {
    long at = pos - base;
    if (length < 6) {
      throw error(at, "SOF segment of " + length + " bytes is shorter than 6");
    }
    int precision = d[pos] & 0xFF;
    int height = u16(d, pos + 1);
    int width = u16(d, pos + 3);
    int count = d[pos + 5] & 0xFF;
    if (sof == 0 ? precision != 8 : precision != 8 && precision != 12) {
      throw error(at, "sample precision " + precision + " is not allowed for SOF" + sof);
    }
    if (height == 0) {
      throw error(at + 1, "frame height 0 (DNL-defined height) is not supported");
    }
    if (count != 1 && count != 3) {
      throw error(at + 5, "unsupported component count " + count + " (1 or 3)");
    }
    if (length != 6 + 3 * count) {
      throw error(at, "SOF length " + length + " does not match " + count + " components ("
          + (6 + 3 * count) + ")");
    }
    limits.check(JpegDctDecoder.CODEC, at, width, height, count);
    int hMax = 1;
    int vMax = 1;
    for (int i = 0; i < count; i++) {
      int p = pos + 6 + 3 * i;
      int h = (d[p + 1] & 0xFF) >> 4;
      int v = d[p + 1] & 0x0F;
      int tq = d[p + 2] & 0xFF;
      if (h < 1 || h > 4 || v < 1 || v > 4) {
        throw error(p + 1 - base, "sampling factors " + h + "x" + v + " outside 1..4");
      }
      if (tq > 3) {
        throw error(p + 2 - base, "quantisation table " + tq + " outside 0..3");
      }
      for (int j = 0; j < i; j++) {
        if ((d[pos + 6 + 3 * j] & 0xFF) == (d[p] & 0xFF)) {
          throw error(p - base, "duplicate component id " + (d[p] & 0xFF));
        }
      }
      hMax = Math.max(hMax, h);
      vMax = Math.max(vMax, v);
    }
    int mcusPerLine = JpegComponent.ceilDiv(width, 8 * hMax);
    int mcuRows = JpegComponent.ceilDiv(height, 8 * vMax);
    JpegComponent[] components = new JpegComponent[count];
    for (int i = 0; i < count; i++) {
      int p = pos + 6 + 3 * i;
      components[i] = new JpegComponent(d[p] & 0xFF, (d[p + 1] & 0xFF) >> 4, d[p + 1] & 0x0F,
          d[p + 2] & 0xFF, width, height, hMax, vMax, mcusPerLine, mcuRows);
    }
    // The block-padded planes exceed the checked size by at most 31 rows and columns per
    // component (MCU padding, T.81 §A.2.4): for a thin image that is up to 32 lines of its width,
    // at most 3 × 32 × (65535 + 65535 + 32) samples in all, whatever the limits.
    return new JpegFrame(precision, width, height, components, hMax, vMax, mcusPerLine, mcuRows);
  }

  JpegComponent component(int id) {
    for (JpegComponent c : components) {
      if (c.id == id) {
        return c;
      }
    }
    return null;
  }

  private static int u16(byte[] d, int p) {
    return (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF);
  }

  private static CodecException error(long at, String message) {
    return new CodecException(JpegDctDecoder.CODEC, at, message);
  }
}
