package dev.lightbox.dicom.render;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelDataException;

/**
 * MONOCHROME2 with a Supplemental Palette Color LUT and Pixel Presentation COLOR (PS3.3
 * C.8.16.2.1.1.1-2, Enhanced MR/CT and others): the stored values are split in two ranges. Values
 * below the LUT descriptor's first value mapped go through the grayscale pipeline and are shown
 * as grey; values at or above it are mapped by the palette (C.7.6.3.1.5: values past the last
 * entry take the last entry). The output is RGB.
 *
 * <p>Only a top-level Pixel Presentation of COLOR selects colour; MIXED (per-frame values in the
 * functional groups) and 16-bit grayscale requests render grey, which the standard allows ("can
 * be displayed in grayscale").
 */
final class SupplementalPalette {
  private SupplementalPalette() {}

  static boolean applies(Dataset ds, RenderRequest request) {
    return request.bits() == 8
        && ds.string(Tag.PIXEL_PRESENTATION).map(s -> s.trim().equals("COLOR")).orElse(false)
        && ds.longs(Tag.RED_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR).length == 3;
  }

  static RenderedImage render(Frame frame, Dataset ds, RenderRequest request, ValueReader values)
      throws PixelDataException {
    PaletteLut lut = PaletteLut.from(ds, values);
    int first = lut.firstMapped();
    RenderedImage grey = GrayscaleRenderer.render(frame, ds, request.frame(), request, values,
        first);
    int[] stored = frame.samples();
    byte[] g = grey.bytes();
    int n = frame.pixelCount();
    byte[] out = new byte[n * 3];
    boolean u32 = frame.unsigned32();
    for (int i = 0; i < n; i++) {
      long v = u32 ? Integer.toUnsignedLong(stored[i]) : stored[i];
      if (v >= first) {
        lut.lookup((int) Math.min(v, Integer.MAX_VALUE), out, i * 3);
      } else {
        out[i * 3] = g[i];
        out[i * 3 + 1] = g[i];
        out[i * 3 + 2] = g[i];
      }
    }
    return new RenderedImage(frame.width(), frame.height(), 3, 8, out, null, grey.windowUsed());
  }
}
