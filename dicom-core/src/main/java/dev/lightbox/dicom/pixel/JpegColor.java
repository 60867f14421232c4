package dev.lightbox.dicom.pixel;

/**
 * The colour space of a decoded 3-component JPEG frame. Our decoders return the stream's
 * components without conversion; as in dcmtk's default ({@code +cp}), the Photometric
 * Interpretation decides: YBR_FULL and YBR_FULL_422 mean the samples are full-range YCbCr (already
 * upsampled, so both become YBR_FULL), anything else is used as decoded.
 */
final class JpegColor {
  private JpegColor() {}

  static String photometric(ImagePixel img) {
    String p = img.photometric();
    return img.samplesPerPixel() == 3 && p.startsWith("YBR_FULL") ? "YBR_FULL" : p;
  }
}
