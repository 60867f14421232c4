package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Committed dcmcjpls streams decode exactly like dcmdjpls (see the resources' README.md). */
class JpegLsRegressionStreamTest {
  static Stream<RegressionStreams.Stream> streams() {
    return RegressionStreams.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void decodesLikeDcmdjpls(RegressionStreams.Stream s) throws Exception {
    DecodedImage image = JpegLsDecoder.decode(s.jls(), 0, s.jls().length, DecodeLimits.DEFAULT);
    assertEquals(s.width(), image.width());
    assertEquals(s.height(), image.height());
    assertEquals(s.components(), image.components());
    assertArrayEquals(s.reference(), image.samples());
  }

  @Test
  void decodesAStreamAtAnOffsetInsideALargerArray() throws Exception {
    RegressionStreams.Stream s = RegressionStreams.named("rgb8_ilv2");
    byte[] padded = new byte[s.jls().length + 17];
    System.arraycopy(s.jls(), 0, padded, 9, s.jls().length);
    DecodedImage image = JpegLsDecoder.decode(padded, 9, s.jls().length, DecodeLimits.DEFAULT);
    assertArrayEquals(s.reference(), image.samples());
  }

  @Test
  void reportsTheStreamPrecision() throws Exception {
    RegressionStreams.Stream s = RegressionStreams.named("gray12_nl2_thr");
    assertEquals(12, JpegLsDecoder.decode(s.jls(), 0, s.jls().length, DecodeLimits.DEFAULT)
        .precision());
  }
}
