package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.jpeg.JpegDctDecoder;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/**
 * JPEG baseline (…4.50) and extended 12-bit (…4.51) with the project's DCT decoder. Colour output
 * keeps the stream's components; {@link JpegColor} decides whether they are YCbCr.
 */
final class JpegDctPixelDecoder implements PixelDecoder {
  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    try {
      var decoded = JpegDctDecoder.decode(frame, 0, frame.length, DecodedFrames.headerLimits(img));
      return DecodedFrames.toFrame("JPEG", img, decoded, JpegColor.photometric(img));
    } catch (CodecException e) {
      throw new PixelDataException(Reason.CORRUPT, e.getMessage(), e);
    }
  }
}
