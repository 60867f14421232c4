package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.testing.Corpus;
import dev.lightbox.dicom.testing.DicomBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: rendering features no test covered. Expected values come from the standard's
 * formulas, worked out in the comments, or from a real decoder (djpeg, libjpeg-turbo).
 */
class RenderFeaturesTest {
  @TempDir Path tmp;

  private static RenderedImage render(byte[] file, RenderRequest request) throws IOException {
    ParseResult parsed = DicomReader.read(new ArrayByteSource(file), ReadOptions.defaults());
    return Renderer.render(PixelData.of(parsed, new ArrayByteSource(file)), request);
  }

  private static DicomBytes monochrome(int rows, int columns) {
    return DicomBytes.part10(DicomBytes.EXPLICIT_LE)
        .us(Tag.SAMPLES_PER_PIXEL, 1)
        .string(Tag.PHOTOMETRIC_INTERPRETATION, Vr.CS, "MONOCHROME2")
        .us(Tag.ROWS, rows)
        .us(Tag.COLUMNS, columns);
  }

  private static int[] unsigned(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }

  /**
   * Window 40/400 LINEAR (PS3.3 C.11.2.1.2.1): x ≤ -160 → 0, x > 239 → 255, else
   * ((x - 39.5) / 399 + 0.5) · 255: x = 0 → 102.26 → 102, x = 40 → 127.82 → 128.
   */
  private static final int[] FLOAT_EXPECTED = {0, 102, 128, 255};
  private static final double[] FLOAT_VALUES = {-1000.5, 0, 40, 440.25};

  @Test
  void floatPixelDataRendersThroughTheWindow() throws IOException {
    float[] values = new float[FLOAT_VALUES.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) FLOAT_VALUES[i];
    }
    long[] words = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      words[i] = Float.floatToRawIntBits(values[i]) & 0xFFFFFFFFL;
    }
    byte[] file = monochrome(2, 2).us(Tag.BITS_ALLOCATED, 32)
        .binary(Tag.FLOAT_PIXEL_DATA, Vr.OF, 4, words).toByteArray();
    RenderedImage img = render(file, RenderRequest.firstFrame().withWindow(Window.parse("40,400")));
    assertArrayEquals(FLOAT_EXPECTED, unsigned(img.bytes()));
  }

  @Test
  void doubleFloatPixelDataRendersThroughTheWindow() throws IOException {
    long[] words = new long[FLOAT_VALUES.length];
    for (int i = 0; i < words.length; i++) {
      words[i] = Double.doubleToRawLongBits(FLOAT_VALUES[i]);
    }
    byte[] file = monochrome(2, 2).us(Tag.BITS_ALLOCATED, 64)
        .binary(Tag.DOUBLE_FLOAT_PIXEL_DATA, Vr.OD, 8, words).toByteArray();
    RenderedImage img = render(file, RenderRequest.firstFrame().withWindow(Window.parse("40,400")));
    assertArrayEquals(FLOAT_EXPECTED, unsigned(img.bytes()));
  }

  /** 8-bit unsigned ramp of the given values in one row. */
  private static byte[] ramp(int... values) {
    byte[] pixels = new byte[values.length + values.length % 2];
    for (int i = 0; i < values.length; i++) {
      pixels[i] = (byte) values[i];
    }
    return monochrome(1, values.length).us(Tag.BITS_ALLOCATED, 8).us(Tag.BITS_STORED, 8)
        .us(Tag.HIGH_BIT, 7).us(Tag.PIXEL_REPRESENTATION, 0)
        .bytes(Tag.PIXEL_DATA, Vr.OB, pixels).toByteArray();
  }

  @Test
  void linearExactFollowsItsOwnFormulaNotLinears() throws IOException {
    byte[] file = ramp(95, 97, 103, 105, 106);
    // C.11.2.1.3.2, c = 100, w = 10: x ≤ 95 → 0, x > 105 → 255, else ((x - 100)/10 + 0.5)·255:
    // 97 → 51, 103 → 204, 105 → 255.
    RenderedImage exact = render(file,
        RenderRequest.firstFrame().withWindow(Window.parse("100,10,linear-exact")));
    assertArrayEquals(new int[] {0, 51, 204, 255, 255}, unsigned(exact.bytes()));
    // C.11.2.1.2.1, the same c and w: lower 95, upper 104; ((x - 99.5)/9 + 0.5)·255:
    // 97 → 56.67 → 57, 103 → 226.67 → 227, 105 → 255.
    RenderedImage linear = render(file,
        RenderRequest.firstFrame().withWindow(Window.parse("100,10,linear")));
    assertArrayEquals(new int[] {0, 57, 227, 255, 255}, unsigned(linear.bytes()));
  }

  private static RenderedImage grey(int width, int height, int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return new RenderedImage(width, height, 1, 8, b, null, null);
  }

  @Test
  void shrinkingAveragesTheSourceAreaUnderEachPixel() {
    // 4x2 to fit 2x2: scale 0.5, output 2x1; each output pixel is the mean of a 2x2 block:
    // (0 + 100 + 50 + 150) / 4 = 75 and (200 + 255 + 250 + 5) / 4 = 177.5 → 178.
    RenderedImage out = Resampler.fit(grey(4, 2, 0, 100, 200, 255, 50, 150, 250, 5),
        new RenderRequest.Viewport(2, 2));
    assertEquals(2, out.width());
    assertEquals(1, out.height());
    assertArrayEquals(new int[] {75, 178}, unsigned(out.bytes()));
  }

  @Test
  void shrinkingByAFractionWeighsPartialCoverage() {
    // 3x1 to width 2: each output pixel covers 1.5 source pixels: (10 + 0.5·40) / 1.5 = 20 and
    // (0.5·40 + 100) / 1.5 = 80.
    RenderedImage out = Resampler.fit(grey(3, 1, 10, 40, 100), new RenderRequest.Viewport(2, 9));
    assertArrayEquals(new int[] {20, 80}, unsigned(out.bytes()));
  }

  @Test
  void enlargingInterpolatesBetweenPixelCentres() {
    // 2x1 to 4x2: output centres at source x = -0.25, 0.25, 0.75, 1.25 (edges clamp):
    // 0, 0.75·0 + 0.25·100 = 25, 75, 100; the one source row is repeated.
    RenderedImage out = Resampler.fit(grey(2, 1, 0, 100), new RenderRequest.Viewport(4, 4));
    assertEquals(4, out.width());
    assertEquals(2, out.height());
    assertArrayEquals(new int[] {0, 25, 75, 100, 0, 25, 75, 100}, unsigned(out.bytes()));
  }

  @Test
  void jpegOutputDecodesToTheRenderedPixelsAndColours() throws Exception {
    Corpus.requireTool("djpeg");
    int w = 64;
    int h = 48;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        boolean left = x < w / 2;
        rgb[i] = (byte) (left ? 230 : 20);         // red on the left half
        rgb[i + 1] = (byte) (4 * y);                // green ramps down
        rgb[i + 2] = (byte) (left ? 20 : 200);      // blue on the right half
      }
    }
    RenderedImage img = new RenderedImage(w, h, 3, 8, rgb, null, null);
    Path jpg = Files.write(tmp.resolve("out.jpg"), JpegEncoder.encode(img, 0.95f));
    Path ppm = tmp.resolve("out.ppm");
    Process p = new ProcessBuilder("djpeg", "-pnm", "-outfile", ppm.toString(), jpg.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, log);
    byte[] decoded = pnmPixels(Files.readAllBytes(ppm), w, h, 3);
    long sum = 0;
    int max = 0;
    for (int i = 0; i < rgb.length; i++) {
      int d = Math.abs((rgb[i] & 0xFF) - (decoded[i] & 0xFF));
      sum += d;
      max = Math.max(max, d);
    }
    // Lossy at quality 0.95 with 4:2:0 chroma: sharp colour edges may move by more, but the
    // channels must not be swapped (a BGR mix-up would be off by 180 on most pixels).
    double mean = (double) sum / rgb.length;
    assertTrue(mean < 3, "mean |diff| " + mean);
    int i = (10 * w + 5) * 3;
    assertTrue((decoded[i] & 0xFF) > 200 && (decoded[i + 2] & 0xFF) < 60,
        "left half is red, got " + (decoded[i] & 0xFF) + "," + (decoded[i + 2] & 0xFF));
    assertTrue(max < 128, "max |diff| " + max);
  }

  @Test
  void greyJpegOutputIsCloseToTheRenderedPixels() throws Exception {
    Corpus.requireTool("djpeg");
    int w = 32;
    int h = 16;
    byte[] grey = new byte[w * h];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = (byte) (8 * (i % w));
    }
    Path jpg = Files.write(tmp.resolve("grey.jpg"),
        JpegEncoder.encode(new RenderedImage(w, h, 1, 8, grey, null, null), 0.95f));
    Path pgm = tmp.resolve("grey.pgm");
    Process p = new ProcessBuilder("djpeg", "-pnm", "-outfile", pgm.toString(), jpg.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
    byte[] decoded = pnmPixels(Files.readAllBytes(pgm), w, h, 1);
    for (int i = 0; i < grey.length; i++) {
      assertTrue(Math.abs((grey[i] & 0xFF) - (decoded[i] & 0xFF)) <= 6,
          "sample " + i + ": " + (grey[i] & 0xFF) + " vs " + (decoded[i] & 0xFF));
    }
  }

  @Test
  void decoderWarningsReachTheRenderedImage() throws IOException {
    // A 7-bit NEAR=2 stream dcmcjpls (CharLS 1.x) wrote with its non-standard thresholds
    // (scripts/corpus/jpegls.sh): decoded exactly, and the caller is told how.
    Path file = Corpus.generated("jpegls").resolve("enc/gray7_41x29.nl2.dcm");
    RenderedImage img = render(Files.readAllBytes(file), RenderRequest.firstFrame());
    assertEquals(1, img.warnings().size(), img.warnings().toString());
    assertTrue(img.warnings().get(0).contains("CharLS 1.x default thresholds"),
        img.warnings().get(0));
    Path standard = Corpus.generated("jpegls").resolve("enc/gray8_3x7.nl1.dcm");
    assertEquals(List.of(), render(Files.readAllBytes(standard), RenderRequest.firstFrame())
        .warnings());
  }

  /** The pixel bytes of a binary PGM/PPM (P5/P6, maxval 255) of the given size. */
  private static byte[] pnmPixels(byte[] pnm, int w, int h, int channels) {
    int fields = 0;
    int p = 0;
    while (fields < 4) {
      while (Character.isWhitespace(pnm[p])) {
        p++;
      }
      while (!Character.isWhitespace(pnm[p])) {
        p++;
      }
      fields++;
    }
    p++; // the single whitespace after maxval
    assertEquals(w * h * channels, pnm.length - p, "pixel bytes");
    return java.util.Arrays.copyOfRange(pnm, p, pnm.length);
  }
}
