package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.jpeg.JpegLosslessDecoder;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/**
 * JPEG lossless, process 14 (…4.57) and its selection value 1 form (…4.70), with the project's
 * decoder (T.81 Annex H). Colour output keeps the stream's components; {@link JpegColor} decides
 * whether they are YCbCr.
 */
final class JpegLosslessPixelDecoder implements PixelDecoder {
  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    try {
      var decoded = JpegLosslessDecoder.decode(frame, 0, frame.length,
          DecodedFrames.headerLimits(img));
      return DecodedFrames.toFrame("JPEG lossless", img, decoded, JpegColor.photometric(img));
    } catch (CodecException e) {
      throw new PixelDataException(Reason.CORRUPT, e.getMessage(), e);
    }
  }
}
