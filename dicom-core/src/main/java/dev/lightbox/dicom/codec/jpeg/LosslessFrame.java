package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;

/**
 * A lossless frame header (SOF3, ITU-T T.81 §B.2.2 with the lossless ranges of Table B.2): sample
 * precision 2..16, 1..4 components, each the size of the frame.
 */
final class LosslessFrame {
  final int precision;
  final int width;
  final int height;
  /** Component identifiers in frame order; a component's samples sit at that index per pixel. */
  final int[] ids;
  /** True when every component has sampling factors 1×1 (interleaved scans need that here). */
  final boolean unitSampling;
  final boolean[] scanned;

  private LosslessFrame(int precision, int width, int height, int[] ids, boolean unitSampling) {
    this.precision = precision;
    this.width = width;
    this.height = height;
    this.ids = ids;
    this.unitSampling = unitSampling;
    this.scanned = new boolean[ids.length];
  }

  /** Parses the SOF3 segment body at {@code pos} (after its length field). */
  static LosslessFrame read(byte[] d, int pos, int length, int base, DecodeLimits limits)
      throws CodecException {
    long at = pos - base;
    if (length < 6) {
      throw error(at, "SOF3 segment of " + length + " bytes is shorter than 6");
    }
    int precision = d[pos] & 0xFF;
    int height = (d[pos + 1] & 0xFF) << 8 | (d[pos + 2] & 0xFF);
    int width = (d[pos + 3] & 0xFF) << 8 | (d[pos + 4] & 0xFF);
    int count = d[pos + 5] & 0xFF;
    if (precision < 2 || precision > 16) {
      throw error(at, "SOF3 sample precision " + precision + " outside 2..16 (T.81 Table B.2)");
    }
    if (height == 0) {
      throw error(at + 1, "SOF3 frame height 0 (DNL-defined height) is not supported");
    }
    if (count < 1 || count > 4) {
      throw error(at + 5, "SOF3 component count " + count + " outside 1..4");
    }
    if (length != 6 + 3 * count) {
      throw error(at, "SOF3 length " + length + " does not match " + count + " components ("
          + (6 + 3 * count) + ")");
    }
    limits.check(JpegDctDecoder.CODEC, at, width, height, count);
    int[] ids = new int[count];
    int[] h = new int[count];
    int[] v = new int[count];
    boolean unit = true;
    for (int i = 0; i < count; i++) {
      int p = pos + 6 + 3 * i;
      ids[i] = d[p] & 0xFF;
      h[i] = (d[p + 1] & 0xFF) >> 4;
      v[i] = d[p + 1] & 0x0F;
      if (h[i] < 1 || h[i] > 4 || v[i] < 1 || v[i] > 4) {
        throw error(p + 1 - base, "SOF3 sampling factors " + h[i] + "x" + v[i] + " outside 1..4");
      }
      for (int j = 0; j < i; j++) {
        if (ids[j] == ids[i]) {
          throw error(p - base, "SOF3 duplicate component id " + ids[i]);
        }
      }
      unit &= h[i] == 1 && v[i] == 1;
    }
    for (int i = 1; i < count; i++) {
      if (h[i] != h[0] || v[i] != v[0]) {
        int p = pos + 6 + 3 * i;
        throw error(p + 1 - base, "SOF3 component " + ids[i] + " is subsampled ("
            + h[i] + "x" + v[i] + " against " + h[0] + "x" + v[0] + "); not supported");
      }
    }
    return new LosslessFrame(precision, width, height, ids, unit);
  }

  int indexOf(int id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }

  boolean allScanned() {
    for (boolean s : scanned) {
      if (!s) {
        return false;
      }
    }
    return true;
  }

  private static CodecException error(long at, String message) {
    return new CodecException(JpegDctDecoder.CODEC, at, message);
  }
}
