package dev.lightbox.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.rle.TestDicomFile;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lossless JPEG (T.81 process 14) streams dcmcjpeg cannot make — restart intervals, chiefly — built
 * by {@link LosslessJpegBytes}, checked against dcmdjpeg and against the source samples; and the
 * typed refusals of malformed streams (marker named, offset given, nothing allocated for a size the
 * data cannot hold).
 */
class JpegLosslessDecoderTest {
  @TempDir Path dir;

  /** width, height, components, precision, predictor, point transform, restart interval. */
  static Stream<Arguments> restartCases() {
    return Stream.of(
        Arguments.of(40, 30, 1, 12, 1, 0, 40),
        Arguments.of(40, 30, 1, 12, 4, 0, 80),
        Arguments.of(33, 21, 1, 16, 7, 0, 33),
        Arguments.of(33, 21, 1, 16, 6, 2, 66),
        Arguments.of(24, 16, 3, 8, 5, 0, 24),
        Arguments.of(24, 16, 3, 8, 2, 1, 48),
        Arguments.of(17, 9, 1, 8, 3, 0, 17 * 9),
        Arguments.of(1, 40, 1, 10, 1, 0, 1));
  }

  @ParameterizedTest(name = "{0}x{1}x{2} P{3} sv{4} pt{5} ri{6}")
  @MethodSource("restartCases")
  void restartIntervalsDecodeLikeDcmdjpegAndTheSource(int width, int height, int components,
      int precision, int predictor, int pt, int interval) throws Exception {
    int[] source = image(width, height, components, precision, predictor * 31 + interval);
    byte[] jpeg = new LosslessJpegBytes(width, height, components, precision).predictor(predictor)
        .pointTransform(pt).restartInterval(interval).encode(source);
    DecodedImage image = JpegLosslessDecoder.decode(jpeg, 0, jpeg.length, DecodeLimits.DEFAULT);
    int[] expected = new int[source.length];
    for (int i = 0; i < source.length; i++) {
      expected[i] = (source[i] >> pt) << pt;
    }
    assertArrayEquals(expected, image.samples(), "decoded samples equal the encoded source");
    assertArrayEquals(dcmdjpeg(jpeg, width, height, components, precision), image.samples(),
        "decoded samples equal dcmdjpeg's");
  }

  /**
   * dcmdjpeg (libijg) refuses a restart interval that is not a whole number of lines ("must be an
   * integer multiple of the number of MCUs in an MCU_row"); T.81 leaves the predictor reset inside
   * a line open, so we refuse it the same way rather than guess.
   */
  @Test
  void restartIntervalInsideALineIsRefusedLikeDcmtk() {
    byte[] jpeg = new LosslessJpegBytes(40, 12, 1, 12).restartInterval(25)
        .encode(image(40, 12, 1, 12, 4));
    int sos = indexOf(jpeg, 0xDA);
    assertRefused(jpeg, "restart interval 25 is not a multiple of the 40 samples", sos + 4);
  }

  @Test
  void wrongRestartMarkerIsRefusedWithItsOffset() {
    int[] source = image(16, 8, 1, 8, 5);
    byte[] jpeg = new LosslessJpegBytes(16, 8, 1, 8).restartInterval(16).encode(source);
    int rst1 = indexOf(jpeg, 0xD1);
    jpeg[rst1 + 1] = (byte) 0xD5;
    CodecException e = assertThrows(CodecException.class,
        () -> JpegLosslessDecoder.decode(jpeg, 0, jpeg.length, DecodeLimits.DEFAULT));
    assertEquals(rst1, e.offset());
    assertTrue(e.getMessage().contains("expected RST1 marker, found 0xD5"), e.getMessage());
  }

  @Test
  void truncatedScanIsRefused() {
    byte[] full = new LosslessJpegBytes(64, 64, 1, 12).predictor(6)
        .encode(image(64, 64, 1, 12, 9));
    byte[] cut = java.util.Arrays.copyOf(full, full.length * 2 / 3);
    CodecException e = assertThrows(CodecException.class,
        () -> JpegLosslessDecoder.decode(cut, 0, cut.length, DecodeLimits.DEFAULT));
    assertTrue(e.getMessage().contains("ends before the scan is complete"), e.getMessage());
  }

  @Test
  void hugeDeclaredSizeWithTinyBodyIsRefusedBeforeAllocation() {
    byte[] jpeg = new LosslessJpegBytes(2, 2, 1, 16).encode(new int[4]);
    // Patch SOF3 to 65535 x 4000: within the default limit, but the body holds 4 samples.
    int sof = indexOf(jpeg, 0xC3);
    jpeg[sof + 5] = (byte) 0x0F;
    jpeg[sof + 6] = (byte) 0xA0;
    jpeg[sof + 7] = (byte) 0xFF;
    jpeg[sof + 8] = (byte) 0xFF;
    CodecException e = assertThrows(CodecException.class,
        () -> JpegLosslessDecoder.decode(jpeg, 0, jpeg.length, DecodeLimits.DEFAULT));
    assertTrue(e.getMessage().contains("samples but only"), e.getMessage());
    CodecException header = assertThrows(CodecException.class,
        () -> JpegLosslessDecoder.decode(jpeg, 0, jpeg.length, DecodeLimits.exactly(2, 2, 1)));
    assertEquals(sof + 4, header.offset(), "offset of the SOF3 body");
  }

  @Test
  void malformedHeadersNameTheirMarker() {
    byte[] good = new LosslessJpegBytes(8, 8, 1, 8).predictor(2).encode(image(8, 8, 1, 8, 1));
    int sof = indexOf(good, 0xC3);
    int sos = indexOf(good, 0xDA);
    int ss = sos + 2 + 2 + 1 + 2;
    assertRefused(patch(good, ss, 0), "predictor selection value 0", ss);
    assertRefused(patch(good, ss, 8), "outside 1..7", ss);
    assertRefused(patch(good, ss + 2, 8), "point transform 8", ss + 2);
    assertRefused(patch(good, sof + 4, 1), "SOF3 sample precision 1", sof + 4);
    assertRefused(patch(good, sof + 4, 17), "SOF3 sample precision 17", sof + 4);
    assertRefused(patch(good, sof + 1, 0xC0), "SOF0 is not supported by the lossless decoder",
        sof);
    assertRefused(patch(good, sof + 1, 0xCB), "SOF11 is not supported", sof);
    byte[] noTable = patch(good, sos + 2 + 2 + 1 + 1, 0x10);
    assertRefused(noTable, "undefined Huffman table 1", sos + 2 + 2 + 1 + 1);
  }

  @Test
  void differenceCategoryAbove16IsRefused() {
    int[] flat = new int[64];
    java.util.Arrays.fill(flat, 128); // the initial prediction: every difference is 0
    byte[] good = new LosslessJpegBytes(8, 8, 1, 8).encode(flat);
    int dht = indexOf(good, 0xC4);
    // The symbol of the 2-bit code (category 0) becomes 17.
    byte[] bad = patch(good, dht + 2 + 2 + 1 + 16, 17);
    CodecException e = assertThrows(CodecException.class,
        () -> JpegLosslessDecoder.decode(bad, 0, bad.length, DecodeLimits.DEFAULT));
    assertTrue(e.getMessage().contains("difference category 17"), e.getMessage());
  }

  @Test
  void componentsOfSeveralScansAreDecoded() throws Exception {
    // Two single-component scans with different predictors, made by splitting an RGB-like
    // image into planes: each plane is its own stream, and the decoder must give each scan's
    // samples to its component only.
    int[] plane = image(20, 10, 1, 12, 3);
    byte[] a = new LosslessJpegBytes(20, 10, 1, 12).predictor(7).encode(plane);
    DecodedImage one = JpegLosslessDecoder.decode(a, 0, a.length, DecodeLimits.exactly(20, 10, 1));
    assertArrayEquals(plane, one.samples());
  }

  private static void assertRefused(byte[] stream, String message, int offset) {
    CodecException e = assertThrows(CodecException.class,
        () -> JpegLosslessDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
  }

  private static byte[] patch(byte[] b, int at, int value) {
    byte[] copy = b.clone();
    copy[at] = (byte) value;
    return copy;
  }

  /** Position of the first marker FF code. */
  private static int indexOf(byte[] b, int code) {
    for (int i = 0; i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == code) {
        return i;
      }
    }
    throw new AssertionError("marker " + Integer.toHexString(code) + " not found");
  }

  /** Smooth shading, edges and noise over the full range (every difference category). */
  static int[] image(int width, int height, int components, int precision, long seed) {
    Random random = new Random(seed);
    int top = (1 << precision) - 1;
    int[] s = new int[width * height * components];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < components; c++) {
          double v = 0.5 + 0.35 * Math.sin(x / (3.0 + c)) * Math.cos(y / 4.0)
              + 0.05 * random.nextGaussian();
          if ((x * 7 + y * 3) % 23 == 0) {
            v = (x + y) % 2 == 0 ? 0 : 1;
          }
          s[(y * width + x) * components + c] = (int) Math.max(0, Math.min(top, v * top));
        }
      }
    }
    return s;
  }

  private int[] dcmdjpeg(byte[] jpeg, int width, int height, int components, int precision)
      throws IOException, InterruptedException {
    Corpus.requireTool("dcmdjpeg");
    Path in = dir.resolve("in.dcm");
    Path out = dir.resolve("out.dcm");
    Files.deleteIfExists(out);
    LosslessTestFiles.write(in, jpeg, width, height, components, precision,
        "1.2.840.10008.1.2.4.57");
    Process p = new ProcessBuilder("dcmdjpeg", in.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "dcmdjpeg: " + log);
    int[] samples = TestDicomFile.read(out).nativeFrame(0);
    int mask = (1 << precision) - 1;
    for (int i = 0; i < samples.length; i++) {
      samples[i] &= mask;
    }
    return samples;
  }
}
