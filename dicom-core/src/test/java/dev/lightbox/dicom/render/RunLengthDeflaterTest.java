package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run-length deflate encoder against the JDK's inflater (zlib's, an independent decoder): every
 * input, cut into blocks and pieces at random, inflates back to exactly itself, and the output
 * never passes the declared bound.
 */
class RunLengthDeflaterTest {
  static IntStream seeds() {
    return IntStream.range(0, 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomInputsInflateBackExactly(int seed) throws DataFormatException {
    Random random = new Random(seed);
    byte[] input = sample(random, random.nextInt(seed % 10 == 0 ? 200_000 : 20_000));
    assertArrayEquals(input, inflate(encodeInPieces(input, random), input.length));
  }

  @Test
  void skewedFrequenciesNeedLengthLimitingAndStillInflate() throws DataFormatException {
    // Fibonacci-like counts force an unlimited Huffman code far past 15 bits (§3.2.7 limit).
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    long f1 = 1;
    long f2 = 1;
    for (int symbol = 0; symbol < 25; symbol++) {
      for (long k = 0; k < f1; k++) {
        b.write(symbol * 7 + 1);
        b.write(symbol * 11 + 3); // never two equal bytes in a row: no runs
      }
      long f = f1 + f2;
      f1 = f2;
      f2 = f;
    }
    byte[] input = b.toByteArray();
    byte[] out = new byte[RunLengthDeflater.bound(input.length, input.length)];
    RunLengthDeflater deflater = new RunLengthDeflater(out, 0, out.length);
    deflater.block(input, 0, input.length, true);
    int n = deflater.finish();
    assertArrayEquals(input, inflate(Arrays.copyOf(out, n), input.length));
    assertTrue(n < input.length / 2, "Huffman-coded, not stored: " + n);
  }

  @Test
  void flatInputBecomesRunsAndShrinks() throws DataFormatException {
    byte[] input = new byte[100_000];
    byte[] out = new byte[RunLengthDeflater.bound(input.length, 32_768)];
    RunLengthDeflater deflater = new RunLengthDeflater(out, 0, out.length);
    for (int at = 0; at < input.length; at += 32_768) {
      int n = Math.min(32_768, input.length - at);
      deflater.block(input, at, n, at + n == input.length);
    }
    int n = deflater.finish();
    assertArrayEquals(input, inflate(Arrays.copyOf(out, n), input.length));
    assertTrue(n < 1_000, "runs of 258 zeros: " + n + " bytes");
  }

  @Test
  void incompressibleInputIsStoredWithinTheBound() throws DataFormatException {
    byte[] input = new byte[150_000];
    new Random(7).nextBytes(input);
    int bound = RunLengthDeflater.bound(input.length, input.length);
    byte[] out = new byte[bound];
    RunLengthDeflater deflater = new RunLengthDeflater(out, 0, out.length);
    deflater.block(input, 0, input.length, true);
    int n = deflater.finish();
    assertArrayEquals(input, inflate(Arrays.copyOf(out, n), input.length));
    assertEquals(input.length + 3 * 5, n, "three stored blocks of ≤ 65,535 bytes");
  }

  /** Blocks of random size, with a sync flush between random pieces, as ChunkedZlib writes. */
  private static byte[] encodeInPieces(byte[] input, Random random) {
    byte[] out = new byte[RunLengthDeflater.bound(input.length, 1) + 64];
    int pos = 0;
    int at = 0;
    do {
      int pieceEnd = at + random.nextInt(input.length - at + 1);
      boolean lastPiece = pieceEnd == input.length || random.nextInt(4) == 0;
      if (lastPiece) {
        pieceEnd = input.length;
      }
      RunLengthDeflater deflater = new RunLengthDeflater(out, pos, out.length);
      do {
        int n = Math.min(pieceEnd - at, 1 + random.nextInt(70_000));
        deflater.block(input, at, n, lastPiece && at + n == pieceEnd);
        at += n;
      } while (at < pieceEnd);
      if (lastPiece) {
        pos = deflater.finish();
        break;
      }
      deflater.syncFlush();
      pos = deflater.finish();
    } while (true);
    return Arrays.copyOf(out, pos);
  }

  /** Image-like bytes: small residuals, flat runs, noise and repeated values, mixed. */
  private static byte[] sample(Random random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; ) {
      int kind = random.nextInt(4);
      int len = Math.min(n - i, 1 + random.nextInt(kind == 1 ? 2_000 : 600));
      int value = random.nextInt(256);
      for (int k = 0; k < len; k++, i++) {
        b[i] = (byte) switch (kind) {
          case 0 -> (int) Math.round(random.nextGaussian() * 3);
          case 1 -> value;
          case 2 -> random.nextInt(256);
          default -> random.nextInt(3) == 0 ? value : random.nextInt(8);
        };
      }
    }
    return b;
  }

  private static byte[] inflate(byte[] deflated, int expectedLength) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      byte[] out = new byte[expectedLength + 1];
      int n = 0;
      while (!inflater.finished() && n < out.length) {
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      assertTrue(inflater.finished(), "stream ends with a final block");
      assertEquals(0, inflater.getRemaining(), "no bytes after the final block");
      return Arrays.copyOf(out, n);
    } finally {
      inflater.end();
    }
  }
}
