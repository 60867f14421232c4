package dev.lightbox.dicom.render;

import dev.lightbox.dicom.codec.ScratchArrays;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.io.IOException;

/**
 * Renders one frame for display: decode, then the grayscale pipeline ({@link GrayscaleRenderer})
 * or colour conversion ({@link ColorRenderer}), then optional viewport scaling. Native 8-bit
 * interleaved RGB skips decoding and conversion: its stored bytes are the output.
 *
 * <p>The decoded samples go back to {@link ScratchArrays#SHARED} once rendered, and the output
 * pixels come from it: a caller done with the image (encoded it) may give them back with {@link
 * #recycle}, so a server rendering many images of one size reuses the same few large arrays.
 */
public final class Renderer {
  private Renderer() {}

  public static RenderedImage render(PixelData pixels, RenderRequest request) throws IOException {
    if (!pixels.image().monochrome() && request.bits() == 8) {
      java.util.Optional<byte[]> rgb = pixels.interleavedRgb8(request.frame());
      if (rgb.isPresent()) {
        RenderedImage out = new RenderedImage(pixels.image().columns(), pixels.image().rows(), 3,
            8, rgb.get(), null, null);
        return request.viewport().isPresent() ? resample(out, request) : out;
      }
    }
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
    // The renderers wrote new arrays: the samples are no longer needed.
    ScratchArrays.SHARED.release(frame.samples());
    if (request.viewport().isPresent()) {
      out = resample(out, request);
    }
    return out.withWarnings(frame.warnings());
  }

  private static RenderedImage resample(RenderedImage image, RenderRequest request) {
    RenderedImage out = Resampler.fit(image, request.viewport().get());
    if (out.bytes() != image.bytes()) {
      ScratchArrays.SHARED.release(image.bytes());
    }
    return out;
  }

  /**
   * Gives the pixel array of {@code image}, which {@link #render} returned, back to the shared
   * pool; the image must not be used afterwards. Optional: an image not recycled is collected.
   */
  public static void recycle(RenderedImage image) {
    ScratchArrays.SHARED.release(image.bytes());
  }
}
