package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Decoder;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Limits;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/**
 * JPEG 2000 (…4.90, …4.91; PS3.5 §A.4.4) and HTJ2K (…4.201, …4.202, …4.203; §A.4.8) with the
 * project's decoder. The codestream's inverse component transform is applied, so YBR_ICT and
 * YBR_RCT frames come out as RGB (PS3.3 C.7.6.3.1.2).
 */
final class Jpeg2000PixelDecoder implements PixelDecoder {
  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    try {
      var decoded = Jpeg2000Decoder.decode(frame, 0, frame.length,
          Jpeg2000Limits.of(DecodedFrames.headerLimits(img)), 0);
      String photometric = img.photometric();
      if (photometric.equals("YBR_ICT") || photometric.equals("YBR_RCT")) {
        photometric = "RGB";
      }
      return DecodedFrames.toFrame("JPEG 2000", img, decoded, photometric);
    } catch (CodecException e) {
      throw new PixelDataException(Reason.CORRUPT, e.getMessage(), e);
    }
  }
}
