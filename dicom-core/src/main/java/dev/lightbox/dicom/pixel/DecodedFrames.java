package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/** Turns codec output into a {@link Frame}, checking it against the Image Pixel module. */
final class DecodedFrames {
  private DecodedFrames() {}

  /**
   * A stream may declare little more than the header, whose size has passed the {@link
   * ImagePixel} limit: a tiny frame cannot make the codec allocate a huge buffer. The slack (4× plus
   * 64 Ki samples) admits real streams whose frame header counts differently (DNL-style heights,
   * MCU padding); a real size mismatch is still refused after decoding.
   */
  static DecodeLimits headerLimits(ImagePixel img) {
    return new DecodeLimits(Math.min(4 * img.frameSamples() + (1 << 16),
        DecodeLimits.DEFAULT.maxSamples()));
  }

  static Frame toFrame(String codec, ImagePixel img, DecodedImage decoded, String photometric)
      throws PixelDataException {
    return toFrame(codec, img, decoded.width(), decoded.height(), decoded.components(),
        decoded.samples(), photometric);
  }

  static Frame toFrame(String codec, ImagePixel img, int width, int height, int components,
      int[] samples, String photometric) throws PixelDataException {
    if (width != img.columns() || height != img.rows() || components != img.samplesPerPixel()) {
      throw new PixelDataException(Reason.CORRUPT, codec + " stream is " + width + "x" + height
          + "x" + components + " but the header says Columns " + img.columns() + ", Rows "
          + img.rows() + ", Samples per Pixel " + img.samplesPerPixel());
    }
    // Codec output is right-aligned: mask to Bits Stored and sign-extend as for native data.
    ImagePixel aligned = new ImagePixel(img.rows(), img.columns(), img.samplesPerPixel(),
        img.photometric(), 32, img.bitsStored(), img.bitsStored() - 1, img.signed(),
        img.planarConfiguration(), img.frames(), img.pixelDataTag());
    NativeFrameDecoder.maskAndExtend(aligned, samples);
    return new Frame(width, height, components, photometric, samples, null, img.bitsStored(),
        img.signed());
  }
}
