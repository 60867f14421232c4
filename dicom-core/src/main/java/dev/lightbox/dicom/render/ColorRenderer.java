package dev.lightbox.dicom.render;

import dev.lightbox.dicom.codec.ScratchArrays;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/**
 * Colour to 8-bit RGB: RGB as stored, YBR_FULL/YBR_FULL_422 with the full-range ITU-R BT.601
 * equations of PS3.3 C.7.6.3.1.2, YBR_PARTIAL_* with the partial-range ones, and PALETTE COLOR
 * through its (possibly segmented) palette LUTs (C.7.6.3.1.5, C.7.9).
 */
final class ColorRenderer {
  private ColorRenderer() {}

  static RenderedImage render(Frame f, Dataset ds, ValueReader values)
      throws PixelDataException {
    String p = f.photometric();
    int n = f.pixelCount();
    byte[] out = ScratchArrays.SHARED.bytes(n * 3); // every byte is written below
    int[] s = f.samples();
    if (p.equals("PALETTE COLOR")) {
      PaletteLut lut = PaletteLut.from(ds, values);
      for (int i = 0; i < n; i++) {
        lut.lookup(s[i], out, i * 3);
      }
      return new RenderedImage(f.width(), f.height(), 3, 8, out, null, null);
    }
    if (f.samplesPerPixel() != 3) {
      throw new PixelDataException(Reason.INVALID_IMAGE, "Photometric Interpretation " + p
          + " needs 3 samples per pixel, not " + f.samplesPerPixel());
    }
    int bits = f.bitsStored();
    long max = (1L << Math.min(bits, 32)) - 1;
    boolean scale = bits != 8;
    switch (p) {
      case "RGB", "YBR_RCT", "YBR_ICT" -> {
        for (int i = 0; i < n * 3; i++) {
          out[i] = (byte) (scale ? to8(s[i], max) : s[i]);
        }
      }
      case "YBR_FULL", "YBR_FULL_422" -> {
        for (int i = 0; i < n; i++) {
          double y = scale ? to8(s[i * 3], max) : s[i * 3];
          double cb = (scale ? to8(s[i * 3 + 1], max) : s[i * 3 + 1]) - 128;
          double cr = (scale ? to8(s[i * 3 + 2], max) : s[i * 3 + 2]) - 128;
          out[i * 3] = clamp(y + 1.402 * cr);
          out[i * 3 + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
          out[i * 3 + 2] = clamp(y + 1.772 * cb);
        }
      }
      case "YBR_PARTIAL_422", "YBR_PARTIAL_420" -> {
        for (int i = 0; i < n; i++) {
          double y = 1.164383 * ((scale ? to8(s[i * 3], max) : s[i * 3]) - 16);
          double cb = (scale ? to8(s[i * 3 + 1], max) : s[i * 3 + 1]) - 128;
          double cr = (scale ? to8(s[i * 3 + 2], max) : s[i * 3 + 2]) - 128;
          out[i * 3] = clamp(y + 1.596027 * cr);
          out[i * 3 + 1] = clamp(y - 0.391762 * cb - 0.812968 * cr);
          out[i * 3 + 2] = clamp(y + 2.017232 * cb);
        }
      }
      default -> throw new PixelDataException(Reason.INVALID_IMAGE,
          "Photometric Interpretation " + p + " is not supported for rendering");
    }
    return new RenderedImage(f.width(), f.height(), 3, 8, out, null, null);
  }

  /** Scales an unsigned sample of {@code max} full scale to 0..255 with rounding. */
  private static int to8(int v, long max) {
    long u = max > Integer.MAX_VALUE ? Integer.toUnsignedLong(v) : v;
    if (u <= 0) {
      return 0;
    }
    return u >= max ? 255 : (int) ((u * 255 + max / 2) / max);
  }

  private static byte clamp(double v) {
    long r = Math.round(v);
    return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
  }
}
