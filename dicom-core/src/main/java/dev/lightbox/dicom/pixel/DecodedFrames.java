package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.pixel.PixelDataException.Reason;

/** Turns codec output into a {@link Frame}, checking it against the Image Pixel module. */
final class DecodedFrames {
  private DecodedFrames() {}

  /**
   * The stream must declare exactly the header's frame (Columns × Rows × Samples per Pixel,
   * PS3.3 C.7.6.3.1), checked by the codec before it allocates: the caller's memory budget was
   * reserved for that size (and the size passed the {@link ImagePixel} limit), so no stream can
   * make a codec take more.
   */
  static DecodeLimits headerLimits(ImagePixel img) {
    return DecodeLimits.exactly(img.columns(), img.rows(), img.samplesPerPixel());
  }

  static Frame toFrame(String codec, ImagePixel img, DecodedImage decoded, String photometric)
      throws PixelDataException {
    Frame frame = toFrame(codec, img, decoded.width(), decoded.height(), decoded.components(),
        decoded.samples(), photometric);
    return decoded.warnings().isEmpty() ? frame : new Frame(frame.width(), frame.height(),
        frame.samplesPerPixel(), frame.photometric(), frame.samples(), null, frame.bitsStored(),
        frame.signed(), decoded.warnings());
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
