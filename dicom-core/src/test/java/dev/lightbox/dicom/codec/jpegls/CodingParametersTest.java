package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightbox.dicom.codec.CodecException;
import org.junit.jupiter.api.Test;

/** Default thresholds of ITU-T T.87 §C.2.4.1.1.1 and the range checks of §C.2.4.1.1. */
class CodingParametersTest {
  private static CodingParameters resolve(int precision, PresetParameters p, int near)
      throws CodecException {
    return CodingParameters.resolve(precision, p, near, 0);
  }

  @Test
  void eightBitLosslessUsesTheBasicThresholds() throws Exception {
    // T.87 Table C.3: 3, 7, 21 and RESET 64 for MAXVAL 255, NEAR 0.
    assertEquals(new CodingParameters(255, 3, 7, 21, 64, 0),
        resolve(8, PresetParameters.DEFAULTS, 0));
  }

  @Test
  void sixteenBitThresholdsScaleWithMaxvalCappedAt4095() throws Exception {
    // FACTOR = (min(65535, 4095) + 128) / 256 = 16: T1 = 16 + 2, T2 = 64 + 3, T3 = 272 + 4.
    assertEquals(new CodingParameters(65535, 18, 67, 276, 64, 0),
        resolve(16, PresetParameters.DEFAULTS, 0));
  }

  @Test
  void nearLosslessRaisesTheThresholds() throws Exception {
    // MAXVAL 255, NEAR 2: FACTOR 1, T1 = 1 + 2 + 6, T2 = 4 + 3 + 10, T3 = 17 + 4 + 14.
    assertEquals(new CodingParameters(255, 9, 17, 35, 64, 2),
        resolve(8, PresetParameters.DEFAULTS, 2));
  }

  @Test
  void smallMaxvalDividesTheBasicThresholds() throws Exception {
    // MAXVAL 15: FACTOR = 256 / 16 = 16, so T1 = max(2, 0) = 2, T2 = max(3, 0) = 3,
    // T3 = max(4, 1) = 4.
    assertEquals(new CodingParameters(15, 2, 3, 4, 64, 0),
        resolve(4, PresetParameters.DEFAULTS, 0));
  }

  @Test
  void tinyMaxvalClampsThresholdsToTheirLowerBound() throws Exception {
    // MAXVAL 3 (2-bit), NEAR 1: T1 = max(2, 0 + 3) = 3 <= 3, T2 = max(3, 5) = 5 > 3 -> T1 = 3,
    // T3 = max(4, 7) = 7 > 3 -> T2 = 3.
    assertEquals(new CodingParameters(3, 3, 3, 3, 64, 1),
        resolve(2, PresetParameters.DEFAULTS, 1));
  }

  @Test
  void signalledMaxvalDrivesTheDefaults() throws Exception {
    // MAXVAL 4095 in a 16-bit frame: FACTOR = (4095 + 128) / 256 = 16.
    CodingParameters p = resolve(16, new PresetParameters(4095, 0, 0, 0, 0), 0);
    assertEquals(new CodingParameters(4095, 18, 67, 276, 64, 0), p);
  }

  @Test
  void signalledThresholdsReplaceDefaultsAndLaterDefaultsClampToThem() throws Exception {
    // T1 = 30 signalled; default T2 = 7 < 30 is clamped up to T1; default T3 = 21 < 30 likewise.
    assertEquals(new CodingParameters(255, 30, 30, 30, 64, 0),
        resolve(8, new PresetParameters(0, 30, 0, 0, 0), 0));
  }

  @Test
  void rejectsNearAboveHalfMaxval() {
    CodecException e = assertThrows(CodecException.class,
        () -> resolve(8, new PresetParameters(20, 0, 0, 0, 0), 11));
    assertEquals(true, e.getMessage().contains("NEAR 11 outside 0..10"), e.getMessage());
  }

  @Test
  void rejectsMaxvalAboveThePrecision() {
    assertThrows(CodecException.class,
        () -> resolve(8, new PresetParameters(256, 0, 0, 0, 0), 0));
  }

  @Test
  void rejectsThresholdsOutOfOrder() {
    assertThrows(CodecException.class,
        () -> resolve(8, new PresetParameters(0, 10, 5, 0, 0), 0));
    assertThrows(CodecException.class,
        () -> resolve(8, new PresetParameters(0, 0, 0, 0, 2), 0));
  }
}
