package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.jpegls.JpegLsDecoder;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/** JPEG-LS lossless and near-lossless (…4.80, …4.81; ITU-T T.87) with the project's decoder. */
final class JpegLsPixelDecoder implements PixelDecoder {
  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    try {
      var decoded = JpegLsDecoder.decode(frame, 0, frame.length, DecodedFrames.headerLimits(img));
      return DecodedFrames.toFrame("JPEG-LS", img, decoded, img.photometric());
    } catch (CodecException e) {
      throw new PixelDataException(Reason.CORRUPT, e.getMessage(), e);
    }
  }
}
