package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restart intervals (ITU-T T.87 §D.3, DRI and RSTm). At each restart the decoder resets its
 * context state, run indices and the line above to the start-of-scan values, so an interval
 * decodes exactly like a separate image: joining the entropy-coded data of one valid stream
 * {@code copies} times with RST markers must give that image stacked {@code copies} times.
 */
class JpegLsRestartTest {

  @ParameterizedTest
  @ValueSource(strings = {"gray8_ll", "rgb8_ilv1", "rgb8_ilv2", "gray16_nl4", "gray8_thr"})
  void intervalsDecodeLikeIndependentImages(String name) throws Exception {
    RegressionStreams.Stream s = RegressionStreams.named(name);
    int copies = 10; // crosses the RST7 -> RST0 wrap-around
    byte[] stream = stacked(s, copies, false);
    DecodedImage image = JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT);
    int[] expected = new int[s.reference().length * copies];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(s.reference(), 0, expected, i * s.reference().length,
          s.reference().length);
    }
    assertArrayEquals(expected, image.samples());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gray8_ll", "rgb8_ilv2"})
  void rejectsAMissingOrOutOfSequenceRestartMarker(String name) {
    RegressionStreams.Stream s = RegressionStreams.named(name);
    byte[] stream = stacked(s, 3, true);
    assertThrows(CodecException.class,
        () -> JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
  }

  /** SOI, headers with the height scaled and a DRI, then the scan data {@code copies} times. */
  private static byte[] stacked(RegressionStreams.Stream s, int copies, boolean wrongMarker) {
    byte[] j = s.jls();
    int sos = indexOf(j, 0xDA, 2);
    int sosEnd = sos + 2 + ((j[sos + 2] & 0xFF) << 8 | (j[sos + 3] & 0xFF));
    int eoi = lastIndexOf(j, 0xD9);
    byte[] headers = Arrays.copyOf(j, sos);
    int sof = indexOf(headers, 0xF7, 2);
    int height = s.height() * copies;
    headers[sof + 5] = (byte) (height >> 8);
    headers[sof + 6] = (byte) height;
    JlsBytes out = new JlsBytes().bytes(headers).segment(0xDD, s.height() >> 8, s.height() & 0xFF)
        .bytes(Arrays.copyOfRange(j, sos, sosEnd));
    byte[] entropy = Arrays.copyOfRange(j, sosEnd, eoi);
    for (int i = 0; i < copies; i++) {
      if (i > 0) {
        out.bytes(0xFF, 0xD0 + ((wrongMarker ? i + 1 : i - 1) & 7));
      }
      out.bytes(entropy);
    }
    return out.eoi().build();
  }

  private static int indexOf(byte[] data, int marker, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == (byte) 0xFF && (data[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new AssertionError("marker " + marker + " not found");
  }

  private static int lastIndexOf(byte[] data, int marker) {
    for (int i = data.length - 2; i >= 0; i--) {
      if (data[i] == (byte) 0xFF && (data[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new AssertionError("marker " + marker + " not found");
  }
}
