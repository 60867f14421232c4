package dev.lightbox.dicom.render;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzz target for the PNG encoder: any image, any filter, either deflate method (zlib or the own
 * run-length coder, {@link RunLengthDeflater}), one or two threads, must decode with the JDK's PNG
 * reader (zlib's inflate underneath: an independent decoder) to exactly the samples written. The
 * fuzz bytes become the pixels, repeated to fill the image, so runs and repeats (what both deflate
 * methods look for) are easy for the fuzzer to reach. Fuzz it with
 * {@code mvn -B -pl dicom-core test -Pfuzz -Dtest='PngEncoderFuzzTest'}.
 */
class PngEncoderFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void decodesToTheSamplesWritten(FuzzedDataProvider data) throws IOException {
    int width = data.consumeInt(1, 700);
    int height = data.consumeInt(1, 200);
    int channels = data.consumeBoolean() ? 3 : 1;
    int bits = channels == 1 && data.consumeBoolean() ? 16 : 8;
    PngEncoder.Filter filter = data.pickValue(PngEncoder.Filter.values());
    ChunkedZlib.Method method = data.pickValue(ChunkedZlib.Method.values());
    boolean parallel = data.consumeBoolean();
    byte[] seed = data.consumeRemainingAsBytes();
    int samples = width * height * channels;
    RenderedImage image;
    if (bits == 8) {
      byte[] b = new byte[samples];
      for (int i = 0; seed.length > 0 && i < samples; i++) {
        b[i] = seed[i % seed.length];
      }
      image = new RenderedImage(width, height, channels, 8, b, null, null);
    } else {
      short[] s = new short[samples];
      for (int i = 0; seed.length > 1 && i < samples; i++) {
        int at = (2 * i) % (seed.length - 1);
        s[i] = (short) ((seed[at] & 0xFF) << 8 | (seed[at + 1] & 0xFF));
      }
      image = new RenderedImage(width, height, 1, 16, null, s, null);
    }
    byte[] png = new PngEncoder(1, parallel).encode(image, filter, method);
    PngEncoderTest.assertDecodesTo(image, png);
  }
}
