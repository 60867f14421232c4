package dev.lightbox.dicom.render;

import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.io.IOException;

/**
 * Renders one frame for display: decode, then the grayscale pipeline ({@link GrayscaleRenderer})
 * or colour conversion ({@link ColorRenderer}), then optional viewport scaling.
 */
public final class Renderer {
  private Renderer() {}

  public static RenderedImage render(PixelData pixels, RenderRequest request) throws IOException {
    Frame frame = pixels.frame(request.frame());
    RenderedImage out;
    if (frame.photometric().startsWith("MONOCHROME")) {
      out = !frame.floatingPoint() && SupplementalPalette.applies(pixels.dataset(), request)
          ? SupplementalPalette.render(frame, pixels.dataset(), request, pixels::valueBytes)
          : GrayscaleRenderer.render(frame, pixels.dataset(), request.frame(), request,
              pixels::valueBytes, Long.MAX_VALUE);
    } else {
      if (request.bits() == 16) {
        throw new PixelDataException(Reason.INVALID_IMAGE,
            "16-bit output is only available for grayscale images, not "
                + frame.photometric());
      }
      out = ColorRenderer.render(frame, pixels.dataset(), pixels::valueBytes);
    }
    if (request.viewport().isPresent()) {
      out = Resampler.fit(out, request.viewport().get());
    }
    return out.withWarnings(frame.warnings());
  }
}
