package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.ScratchArrays;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/**
 * Decodes native (uncompressed) pixel data (PS3.5 §8.1): Bits Allocated 1, 8, 16, 32 (and 32/64-bit
 * float pixel data), either byte order, both planar configurations. Values are masked to Bits Stored
 * at High Bit and sign-extended when Pixel Representation is 1.
 */
public final class NativeFrameDecoder {
  private NativeFrameDecoder() {}

  /**
   * @param data bytes holding the frame, starting at {@code offset}; for 1-bit data {@code
   *     bitOffset} (0..7) locates the first pixel inside the first byte
   * @param swap16 true when 8-bit samples are stored in big-endian OW words (PS3.5 §7.3)
   */
  public static Frame decode(ImagePixel img, byte[] data, int offset, int bitOffset,
      boolean bigEndian, boolean swap16) throws PixelDataException {
    int pixels = img.pixelCount();
    int spp = img.samplesPerPixel();
    int n = pixels * spp;
    if (img.floatingPoint()) {
      return decodeFloat(img, data, offset, bigEndian);
    }
    if (img.nativeYbr422()) {
      return decodeYbr422(img, data, offset, bigEndian);
    }
    // Every element is written below; a pooled array's old contents never show through.
    int[] out = ScratchArrays.SHARED.ints(n);
    switch (img.bitsAllocated()) {
      case 1 -> {
        for (int i = 0; i < n; i++) {
          int bit = bitOffset + i;
          // PS3.5 §8.1.1: the first pixel is the least significant bit of the first byte.
          out[i] = (data[offset + (bit >>> 3)] >>> (bit & 7)) & 1;
        }
      }
      case 8 -> {
        if (swap16) {
          for (int i = 0; i < n; i++) {
            out[i] = data[offset + (i ^ 1)] & 0xFF;
          }
        } else {
          for (int i = 0; i < n; i++) {
            out[i] = data[offset + i] & 0xFF;
          }
        }
      }
      case 16 -> {
        if (bigEndian) {
          for (int i = 0, p = offset; i < n; i++, p += 2) {
            out[i] = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
          }
        } else {
          for (int i = 0, p = offset; i < n; i++, p += 2) {
            out[i] = (data[p] & 0xFF) | ((data[p + 1] & 0xFF) << 8);
          }
        }
      }
      case 32 -> {
        for (int i = 0, p = offset; i < n; i++, p += 4) {
          out[i] = bigEndian
              ? ((data[p] & 0xFF) << 24) | ((data[p + 1] & 0xFF) << 16)
                  | ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF)
              : (data[p] & 0xFF) | ((data[p + 1] & 0xFF) << 8) | ((data[p + 2] & 0xFF) << 16)
                  | ((data[p + 3] & 0xFF) << 24);
        }
      }
      default -> throw new PixelDataException(Reason.INVALID_IMAGE,
          "Bits Allocated " + img.bitsAllocated() + " is not supported for integer pixel data");
    }
    maskAndExtend(img, out);
    if (spp == 3 && img.planarConfiguration() == 1) {
      int[] planar = out;
      out = interleave(planar, pixels);
      ScratchArrays.SHARED.release(planar);
    }
    return new Frame(img.columns(), img.rows(), spp, img.photometric(), out, null,
        img.bitsStored(), img.signed());
  }

  /** Keeps Bits Stored bits ending at High Bit and sign-extends them (PS3.5 §8.1.1). */
  static void maskAndExtend(ImagePixel img, int[] values) {
    int stored = img.bitsStored();
    int shift = img.highBit() - stored + 1;
    if (stored >= 32 && shift == 0) {
      // All 32 bits are significant; unsigned values above 2^31 keep their bit pattern and
      // consumers read them with Integer.toUnsignedLong (Frame#unsigned32).
      return;
    }
    int mask = (int) ((1L << stored) - 1);
    if (img.signed()) {
      int up = 32 - stored;
      for (int i = 0; i < values.length; i++) {
        values[i] = (((values[i] >>> shift) & mask) << up) >> up;
      }
    } else if (shift != 0 || stored < img.bitsAllocated()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (values[i] >>> shift) & mask;
      }
    }
  }

  /** Expands Y1 Y2 Cb Cr groups (PS3.3 C.7.6.3.1.2) to one Y Cb Cr triple per pixel. */
  private static Frame decodeYbr422(ImagePixel img, byte[] data, int offset, boolean bigEndian) {
    int pixels = img.pixelCount();
    int[] out = new int[pixels * 3]; // not pooled: an odd last pixel stays 0
    boolean wide = img.bitsAllocated() == 16;
    int step = wide ? 2 : 1;
    for (int pair = 0; pair < pixels / 2; pair++) {
      int p = offset + pair * 4 * step;
      int y1 = sample(data, p, wide, bigEndian);
      int y2 = sample(data, p + step, wide, bigEndian);
      int cb = sample(data, p + 2 * step, wide, bigEndian);
      int cr = sample(data, p + 3 * step, wide, bigEndian);
      int o = pair * 6;
      out[o] = y1;
      out[o + 1] = cb;
      out[o + 2] = cr;
      out[o + 3] = y2;
      out[o + 4] = cb;
      out[o + 5] = cr;
    }
    maskAndExtend(img, out);
    return new Frame(img.columns(), img.rows(), 3, "YBR_FULL", out, null, img.bitsStored(),
        img.signed());
  }

  private static int sample(byte[] d, int p, boolean wide, boolean bigEndian) {
    if (!wide) {
      return d[p] & 0xFF;
    }
    return bigEndian ? ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF)
        : (d[p] & 0xFF) | ((d[p + 1] & 0xFF) << 8);
  }

  private static int[] interleave(int[] planar, int pixels) {
    int[] out = ScratchArrays.SHARED.ints(planar.length);
    for (int p = 0; p < pixels; p++) {
      out[p * 3] = planar[p];
      out[p * 3 + 1] = planar[pixels + p];
      out[p * 3 + 2] = planar[2 * pixels + p];
    }
    return out;
  }

  private static Frame decodeFloat(ImagePixel img, byte[] data, int offset, boolean bigEndian) {
    int n = img.pixelCount() * img.samplesPerPixel();
    float[] out = new float[n];
    boolean dbl = img.bitsAllocated() == 64;
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(data, offset, data.length - offset)
        .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      out[i] = dbl ? (float) buf.getDouble(offset + i * 8) : buf.getFloat(offset + i * 4);
    }
    return new Frame(img.columns(), img.rows(), img.samplesPerPixel(), img.photometric(), null,
        out, img.bitsStored(), true);
  }
}
