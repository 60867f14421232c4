package dev.lightbox.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 18 items 4 and 5: exact arithmetic, and exact sizes when the header fixes them. */
class DecodeLimitsTest {

  @Test
  void productsBeyondALongAreRefusedNotWrappedBelowTheLimit() {
    // (2^32 - 1)^2 * 4 wraps to a negative long: unguarded, it passed "samples > maxSamples".
    long max32 = 0xFFFF_FFFFL;
    CodecException e = assertThrows(CodecException.class,
        () -> DecodeLimits.DEFAULT.check("T", 7, max32, max32, 4));
    assertTrue(e.getMessage().contains("4294967295x4294967295x4 = more than 2^63 samples"),
        e.getMessage());
    assertEquals(7, e.offset());
  }

  @Test
  void exactLimitsAcceptOnlyTheHeadersSize() {
    DecodeLimits limits = DecodeLimits.exactly(512, 256, 3);
    assertDoesNotThrow(() -> limits.check("T", 0, 512, 256, 3));
    for (long[] other : new long[][] {{256, 512, 3}, {512, 256, 1}, {512, 255, 3},
        {1024, 512, 3}}) {
      CodecException e = assertThrows(CodecException.class,
          () -> limits.check("T", 3, other[0], other[1], other[2]));
      assertTrue(e.getMessage().contains("but the DICOM header says Columns 512, Rows 256, "
          + "Samples per Pixel 3"), e.getMessage());
    }
  }

  @Test
  void exactLimitsNeverExceedTheDefaultCeiling() {
    assertEquals(DecodeLimits.DEFAULT.maxSamples(),
        DecodeLimits.exactly(65535, 65535, 3).maxSamples());
    assertThrows(CodecException.class,
        () -> DecodeLimits.exactly(65535, 65535, 3).check("T", 0, 65535, 65535, 3));
  }
}
