package dev.lightbox.dicom.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A JPEG lossless (process 14, SV1) RGB stream that TwelveMonkeys imageio-jpeg 3.12.0 decoded
 * wrongly: it must decode to exactly the samples of its uncompressed twin (see the README next to
 * the inputs).
 */
class LosslessJpegRegressionTest {
  @Test
  void rgbLosslessStreamDecodesToItsUncompressedTwin() throws IOException {
    assertArrayEquals(frame("rgb8-native.dcm").samples(),
        frame("rgb8-lossless-sv1.dcm").samples());
  }

  private static Frame frame(String name) throws IOException {
    byte[] bytes;
    try (InputStream in = LosslessJpegRegressionTest.class.getResourceAsStream(
        "regression/" + name)) {
      bytes = in.readAllBytes();
    }
    ArrayByteSource source = new ArrayByteSource(bytes);
    return PixelData.of(DicomReader.read(source, ReadOptions.defaults()), source).frame(0);
  }
}
