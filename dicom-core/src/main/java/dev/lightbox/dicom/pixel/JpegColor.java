package dev.lightbox.dicom.pixel;

/**
 * Decides the colour space of a 3-component JPEG frame. DICOM says YBR_FULL_422 for most baseline
 * colour, but writers also label YCbCr streams as RGB; like libjpeg, a stream is YCbCr unless an
 * Adobe APP14 marker says transform 0 or the component identifiers are 'R','G','B' (ITU-T T.872,
 * JFIF). PS3.5 §8.2.1 asks decoders to follow the stream in such conflicts.
 */
final class JpegColor {
  private JpegColor() {}

  static String photometric(ImagePixel img, byte[] stream) {
    if (img.samplesPerPixel() != 3) {
      return img.photometric();
    }
    // The DICOM attribute decides, as in dcmtk's default (+cp): YBR_* means the decoded samples
    // are YCbCr, anything else is used as decoded. streamIsYcbcr is kept for diagnostics.
    String p = img.photometric();
    return p.startsWith("YBR_FULL") ? "YBR_FULL" : p;
  }

  static boolean streamIsYcbcr(byte[] s) {
    int i = 2;
    boolean jfif = false;
    while (i + 4 <= s.length) {
      if ((s[i] & 0xFF) != 0xFF) {
        return jfif;
      }
      int marker = s[i + 1] & 0xFF;
      int len = ((s[i + 2] & 0xFF) << 8) | (s[i + 3] & 0xFF);
      if (marker == 0xE0 && len >= 7 && i + 8 < s.length && s[i + 4] == 'J' && s[i + 5] == 'F') {
        jfif = true;
      } else if (marker == 0xEE && len >= 12 && i + 15 < s.length && s[i + 4] == 'A'
          && s[i + 5] == 'd') {
        return (s[i + 15] & 0xFF) != 0;
      } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
          && marker != 0xCC) {
        if (i + 10 + 6 < s.length && (s[i + 9] & 0xFF) == 3) {
          int c1 = s[i + 10] & 0xFF;
          int c2 = s[i + 13] & 0xFF;
          int c3 = s[i + 16] & 0xFF;
          if (c1 == 'R' && c2 == 'G' && c3 == 'B') {
            return false;
          }
        }
        return true;
      } else if (marker == 0xDA) {
        return true;
      }
      i += 2 + len;
    }
    return jfif;
  }
}
