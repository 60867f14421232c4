package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.rle.RleDecoder;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/** RLE Lossless, 1.2.840.10008.1.2.5 (PS3.5 Annex G), with the project's own decoder. */
final class RlePixelDecoder implements PixelDecoder {
  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    try {
      var decoded = RleDecoder.decode(frame, 0, frame.length, img.rows(), img.columns(),
          img.samplesPerPixel(), img.bitsAllocated(), DecodedFrames.headerLimits(img));
      // RLE segments hold planes, so the decoded data is interleaved whatever Planar
      // Configuration says, and colour stays in the stored photometric interpretation.
      return DecodedFrames.toFrame("RLE", img, decoded, img.photometric());
    } catch (CodecException e) {
      throw new PixelDataException(Reason.CORRUPT, e.getMessage(), e);
    }
  }
}
