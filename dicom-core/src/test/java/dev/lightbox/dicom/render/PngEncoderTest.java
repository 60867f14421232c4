package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PNG writer with its chunked, two-thread zlib stream ({@link ChunkedZlib}): every image
 * decodes (JDK ImageIO, an independent PNG reader) to exactly the samples written, the zlib
 * stream inflates with a correct Adler-32 (java.util.zip.Inflater checks it), and the bytes are
 * the same whether one thread or two compressed them.
 */
class PngEncoderTest {
  /** width, height, channels, bit depth: below, at and far above the chunking threshold. */
  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of(1, 1, 1, 8),
        Arguments.of(7, 3, 3, 8),
        Arguments.of(512, 512, 1, 8),
        Arguments.of(512, 512, 1, 16),
        Arguments.of(1024, 1024, 3, 8),
        Arguments.of(1, 5000, 1, 8),
        Arguments.of(40000, 3, 1, 8),
        Arguments.of(300, 700, 3, 8));
  }

  @ParameterizedTest(name = "{0}x{1}x{2} {3}-bit")
  @MethodSource("images")
  void decodesToTheSamplesWrittenWithTheSameBytesOnOneOrTwoThreads(int width, int height,
      int channels, int bits) throws IOException, DataFormatException {
    RenderedImage image = image(width, height, channels, bits, width * 31L + height);
    byte[] parallel = new PngEncoder(1, true).encode(image);
    byte[] single = new PngEncoder(1, false).encode(image);
    assertArrayEquals(single, parallel, "deterministic output");
    assertDecodesTo(image, parallel);
    inflateIdat(parallel); // throws on a wrong Adler-32 or a broken deflate stream
    assertDecodesTo(image, new PngEncoder(6, true).encode(image));
  }

  @ParameterizedTest(name = "{0}x{1}x{2} {3}-bit")
  @MethodSource("images")
  void everyFilterAndMethodDecodesToTheSamplesWritten(int width, int height, int channels,
      int bits) throws IOException, DataFormatException {
    RenderedImage image = image(width, height, channels, bits, width * 17L + height);
    for (ChunkedZlib.Method method : ChunkedZlib.Method.values()) {
      for (PngEncoder.Filter filter : PngEncoder.Filter.values()) {
        byte[] png = new PngEncoder(1, true).encode(image, filter, method);
        assertArrayEquals(new PngEncoder(1, false).encode(image, filter, method), png,
            method + " " + filter);
        assertDecodesTo(image, png);
        inflateIdat(png);
      }
    }
  }

  /**
   * Run-length coding is chosen where it is about as small as zlib's (it is several times
   * faster): noisy residuals with flat areas, as in CT; zlib where long matches pay, as in an image
   * of one repeated row.
   */
  @Test
  void choosesRunLengthCodingUnlessZlibIsClearlySmaller() {
    int w = 512;
    int h = 512;
    Random random = new Random(11);
    byte[] ct = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean body = (x - 256) * (x - 256) + (y - 256) * (y - 256) < 200 * 200;
        ct[y * w + x] = (byte) (body ? 100 + (int) Math.round(random.nextGaussian() * 6) : 0);
      }
    }
    byte[] pattern = new byte[w * h];
    byte[] tile = new byte[61]; // not a divisor of the width: no filter turns it into runs
    random.nextBytes(tile);
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = tile[i % 61];
    }
    PngEncoder encoder = new PngEncoder();
    assertEquals(ChunkedZlib.Method.RUNS, encoder.choose(grey(w, h, ct), 1, w).method());
    assertEquals(ChunkedZlib.Method.ZLIB, encoder.choose(grey(w, h, pattern), 1, w).method());
    assertEquals(ChunkedZlib.Method.ZLIB, new PngEncoder(6).choose(grey(w, h, ct), 1, w).method(),
        "a level above 1 asks for size: zlib only");
  }

  @Test
  void encodingTheSameImageAgainGivesTheSameBytes() {
    // Deflaters and buffers are reused from pools: a reused deflater must start afresh.
    RenderedImage image = image(1024, 1024, 3, 8, 99);
    PngEncoder encoder = new PngEncoder();
    byte[] first = encoder.encode(image);
    encoder.encode(image(1024, 1024, 3, 8, 100)); // other content through the same pools
    assertArrayEquals(first, encoder.encode(image));
  }

  /**
   * The filter is the one whose trial bands deflate smallest (ISO/IEC 15948 §12.8 leaves the
   * choice to the encoder): rows that repeat the row above favour Up, rows that grow steadily
   * along x, each at its own slope, favour Sub, noise favours None (filtering noise only adds
   * work).
   */
  @Test
  void choosesTheFilterThatCompressesTheTrialBandsBest() {
    int w = 512;
    int h = 256;
    Random random = new Random(3);
    byte[] repeated = new byte[w * h];
    byte[] row = new byte[w];
    random.nextBytes(row);
    for (int y = 0; y < h; y++) {
      System.arraycopy(row, 0, repeated, y * w, w);
    }
    byte[] ramp = new byte[w * h];
    for (int y = 0; y < h; y++) {
      int start = random.nextInt(256);
      int slope = 1 + random.nextInt(7); // Up's differences are ramps too, Sub's constant
      for (int x = 0; x < w; x++) {
        ramp[y * w + x] = (byte) (start + slope * x);
      }
    }
    byte[] noise = new byte[w * h];
    random.nextBytes(noise);
    PngEncoder encoder = new PngEncoder();
    assertEquals(PngEncoder.Filter.UP, encoder.choose(grey(w, h, repeated), 1, w).filter());
    assertEquals(PngEncoder.Filter.SUB, encoder.choose(grey(w, h, ramp), 1, w).filter());
    assertEquals(PngEncoder.Filter.NONE, encoder.choose(grey(w, h, noise), 1, w).filter());
    assertEquals(PngEncoder.Filter.SUB, encoder.choose(grey(16, 16, new byte[256]), 1, 16).filter(),
        "too small for a trial: Sub");
  }

  private static RenderedImage grey(int w, int h, byte[] pixels) {
    return new RenderedImage(w, h, 1, 8, pixels, null, null);
  }

  @Test
  void adlerOfConcatenationIsCombinedFromTheParts() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      byte[] a = new byte[random.nextInt(200_000)];
      byte[] b = new byte[random.nextInt(200_000)];
      random.nextBytes(a);
      random.nextBytes(b);
      if (round % 5 == 0) {
        java.util.Arrays.fill(b, (byte) 0xFF); // large sums: the modulo reductions matter
      }
      Adler32 whole = new Adler32();
      whole.update(a);
      whole.update(b);
      assertEquals(whole.getValue(),
          ChunkedZlib.combineAdler(adler(a), adler(b), b.length), "round " + round);
    }
  }

  @Test
  void largeImagesAreSplitIntoSeveralDeflatePieces() {
    for (ChunkedZlib.Method method : ChunkedZlib.Method.values()) {
      ChunkedZlib.Parts parts = ChunkedZlib.compress(1024, 3 * 1024 + 1,
          (y, out, at) -> out[at] = 1, method, 1, true);
      assertTrue(parts.pieceCount() > 1, method + ": several deflate pieces");
      parts.release();
    }
  }

  private static long adler(byte[] b) {
    Adler32 a = new Adler32();
    a.update(b);
    return a.getValue();
  }

  /** The PNG decodes (JDK ImageIO, an independent reader) to exactly the samples of {@code image}. */
  static void assertDecodesTo(RenderedImage image, byte[] png) throws IOException {
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(image.width(), decoded.getWidth());
    assertEquals(image.height(), decoded.getHeight());
    Raster r = decoded.getRaster();
    assertEquals(image.channels(), r.getNumBands());
    int[] got = r.getPixels(0, 0, r.getWidth(), r.getHeight(), (int[]) null);
    int n = image.width() * image.height() * image.channels();
    int[] want = new int[n];
    for (int i = 0; i < n; i++) {
      want[i] = image.bitDepth() == 8 ? image.bytes()[i] & 0xFF : image.shorts()[i] & 0xFFFF;
    }
    assertArrayEquals(want, got);
  }

  /** Concatenated IDAT data inflated with zlib's own checks (header, Adler-32). */
  private static void inflateIdat(byte[] png) throws DataFormatException {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    for (int at = 8; at < png.length; ) {
      int len = (png[at] & 0xFF) << 24 | (png[at + 1] & 0xFF) << 16 | (png[at + 2] & 0xFF) << 8
          | (png[at + 3] & 0xFF);
      String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (type.equals("IDAT")) {
        idat.write(png, at + 8, len);
      }
      at += 12 + len;
    }
    Inflater inflater = new Inflater();
    inflater.setInput(idat.toByteArray());
    byte[] buf = new byte[1 << 16];
    while (!inflater.finished()) {
      int n = inflater.inflate(buf);
      assertTrue(n > 0 || !inflater.needsInput(), "stream ended early");
    }
    assertEquals(0, inflater.getRemaining(), "no bytes after the zlib stream");
    inflater.end();
  }

  /** Shading plus noise, so every chunk has real work and back-references across chunks. */
  private static RenderedImage image(int width, int height, int channels, int bits, long seed) {
    Random random = new Random(seed);
    int n = width * height * channels;
    if (bits == 8) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        int x = (i / channels) % width;
        b[i] = (byte) (x * 3 + (i % channels) * 40 + random.nextInt(8));
      }
      return new RenderedImage(width, height, channels, 8, b, null, null);
    }
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) ((i % width) * 97 + random.nextInt(64));
    }
    return new RenderedImage(width, height, channels, 16, null, s, null);
  }
}
