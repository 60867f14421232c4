package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.codec.CodecException;

/**
 * The resolved parameters one scan is coded with: the preset values (or their defaults) and the
 * scan's NEAR, validated against the ranges of ITU-T T.87 §C.2.4.1.1.
 */
record CodingParameters(int maxVal, int t1, int t2, int t3, int reset, int near) {
  private static final int BASIC_T1 = 3;
  private static final int BASIC_T2 = 7;
  private static final int BASIC_T3 = 21;
  private static final int DEFAULT_RESET = 64;

  /**
   * Resolves {@code preset} for a frame of {@code precision} bits and a scan with {@code near}.
   * Zero fields get the defaults of T.87 §C.2.4.1.1.1 computed for the effective MAXVAL and NEAR.
   */
  static CodingParameters resolve(int precision, PresetParameters preset, int near, long offset)
      throws CodecException {
    return resolve(precision, preset, near, offset, false);
  }

  /**
   * As {@link #resolve(int, PresetParameters, int, long)}, but with the default thresholds
   * CharLS 1.x (and so dcmtk's dcmcjpls up to 3.6.7) computes and writes without an LSE segment:
   * it applies the MAXVAL &ge; 128 formula of T.87 §C.2.4.1.1.1 to every MAXVAL, so for MAXVAL &lt;
   * 128 its FACTOR is 0 and T1..T3 are 2 + 3·NEAR, 3 + 5·NEAR and 4 + 7·NEAR (before CLAMP).
   * Archives written by those tools hold such streams; decoding them with the standard's
   * thresholds gives wrong samples.
   */
  static CodingParameters resolveCharLs1(int precision, PresetParameters preset, int near,
      long offset) throws CodecException {
    return resolve(precision, preset, near, offset, true);
  }

  /** True when the CharLS 1.x defaults can differ from the standard's for this stream. */
  static boolean charLs1Differs(int precision, PresetParameters preset) {
    int maxVal = preset.maxVal() == 0 ? (1 << precision) - 1 : preset.maxVal();
    boolean defaulted = preset.t1() == 0 || preset.t2() == 0 || preset.t3() == 0;
    return maxVal < 128 && defaulted;
  }

  private static CodingParameters resolve(int precision, PresetParameters preset, int near,
      long offset, boolean charLs1) throws CodecException {
    int fullScale = (1 << precision) - 1;
    int maxVal = preset.maxVal() == 0 ? fullScale : preset.maxVal();
    if (maxVal < 1 || maxVal > fullScale) {
      throw new CodecException(
          JpegLsDecoder.CODEC,
          offset,
          "MAXVAL " + maxVal + " outside 1.." + fullScale + " for " + precision + "-bit samples");
    }
    if (near < 0 || near > Math.min(255, maxVal / 2)) {
      throw new CodecException(
          JpegLsDecoder.CODEC,
          offset,
          "NEAR " + near + " outside 0.." + Math.min(255, maxVal / 2) + " for MAXVAL " + maxVal);
    }
    // Unclamped defaults of T.87 §C.2.4.1.1.1; each is then clamped against its predecessor,
    // which may be a signalled value rather than a default.
    int f1;
    int f2;
    int f3;
    if (maxVal >= 128 || charLs1) {
      int factor = (Math.min(maxVal, 4095) + 128) / 256;
      f1 = factor * (BASIC_T1 - 2) + 2 + 3 * near;
      f2 = factor * (BASIC_T2 - 3) + 3 + 5 * near;
      f3 = factor * (BASIC_T3 - 4) + 4 + 7 * near;
    } else {
      int factor = 256 / (maxVal + 1);
      f1 = Math.max(2, BASIC_T1 / factor + 3 * near);
      f2 = Math.max(3, BASIC_T2 / factor + 5 * near);
      f3 = Math.max(4, BASIC_T3 / factor + 7 * near);
    }
    int t1 =
        preset.t1() == 0
            ? clamp(f1, near + 1, maxVal)
            : checked("T1", preset.t1(), near + 1, maxVal, offset);
    int t2 =
        preset.t2() == 0 ? clamp(f2, t1, maxVal) : checked("T2", preset.t2(), t1, maxVal, offset);
    int t3 =
        preset.t3() == 0 ? clamp(f3, t2, maxVal) : checked("T3", preset.t3(), t2, maxVal, offset);
    int reset =
        preset.reset() == 0
            ? DEFAULT_RESET
            : checked("RESET", preset.reset(), 3, Math.max(255, maxVal), offset);
    return new CodingParameters(maxVal, t1, t2, t3, reset, near);
  }

  /** T.87 §C.2.4.1.1.1 CLAMP: values outside [low, maxVal] fall back to {@code low}. */
  private static int clamp(int value, int low, int maxVal) {
    return value > maxVal || value < low ? low : value;
  }

  private static int checked(String name, int value, int low, int high, long offset)
      throws CodecException {
    if (value < low || value > high) {
      throw new CodecException(
          JpegLsDecoder.CODEC, offset, name + " " + value + " outside " + low + ".." + high);
    }
    return value;
  }
}
