package dev.lightbox.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-built RLE frames (PS3.5 Annex G) for the header checks, run forms and corrupt input. */
class RleDecoderTest {

  /** Builds a frame header (PS3.5 §G.5) followed by the given segments. */
  static byte[] frame(byte[]... segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] header = new int[16];
    header[0] = segments.length;
    int offset = 64;
    for (int i = 0; i < segments.length; i++) {
      header[i + 1] = offset;
      offset += segments[i].length;
    }
    for (int v : header) {
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
    }
    for (byte[] s : segments) {
      out.writeBytes(s);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static DecodedImage decode(byte[] f, int rows, int cols, int spp, int bits)
      throws CodecException {
    return RleDecoder.decode(f, 0, f.length, rows, cols, spp, bits, DecodeLimits.DEFAULT);
  }

  @Test
  void expandsLiteralReplicateAndNoOpRuns() throws CodecException {
    // literal 2 (0x01), no-op (0x80), replicate 3 (-2 = 0xFE), literal 1: 6 bytes for a 3x2 image
    byte[] f = frame(bytes(0x01, 10, 20, 0x80, 0xFE, 7, 0x00, 99));
    assertArrayEquals(new int[] {10, 20, 7, 7, 7, 99}, decode(f, 2, 3, 1, 8).samples());
  }

  @Test
  void reassemblesSixteenBitSamplesMostSignificantSegmentFirst() throws CodecException {
    byte[] f = frame(bytes(0x01, 0x12, 0xAB), bytes(0x01, 0x34, 0xCD));
    assertArrayEquals(new int[] {0x1234, 0xABCD}, decode(f, 1, 2, 1, 16).samples());
  }

  @Test
  void interleavesColourPlanes() throws CodecException {
    byte[] f = frame(bytes(0xFF, 1), bytes(0x01, 2, 3), bytes(0x01, 4, 5));
    assertArrayEquals(new int[] {1, 2, 4, 1, 3, 5}, decode(f, 1, 2, 3, 8).samples());
  }

  @Test
  void keepsThirtyTwoBitPatterns() throws CodecException {
    byte[] f = frame(bytes(0, 0xFE), bytes(0, 0xDC), bytes(0, 0xBA), bytes(0, 0x98));
    assertArrayEquals(new int[] {0xFEDCBA98}, decode(f, 1, 1, 1, 32).samples());
  }

  @Test
  void ignoresTrailingPaddingAndRunsPastThePlane() throws CodecException {
    // PS3.5 §G.3.2: a segment may carry a pad byte; a replicate run may overshoot the plane.
    byte[] f = frame(bytes(0xF0, 5, 0x00, 0, 0x00));
    assertArrayEquals(new int[] {5, 5, 5}, decode(f, 1, 3, 1, 8).samples());
  }

  @Test
  void rejectsSegmentCountThatDoesNotMatchTheImage() {
    byte[] f = frame(bytes(0x00, 1));
    CodecException e = assertThrows(CodecException.class, () -> decode(f, 1, 1, 1, 16));
    assertTrue(e.getMessage().contains("1 segments but the image needs 2"), e.getMessage());
  }

  @Test
  void rejectsDecreasingOrOutOfFrameOffsets() {
    byte[] f = frame(bytes(0x00, 1), bytes(0x00, 2));
    f[8] = 10; // second offset 10 < 64
    assertThrows(CodecException.class, () -> decode(f, 1, 1, 1, 16));
    byte[] g = frame(bytes(0x00, 1), bytes(0x00, 2));
    g[9] = 0x10; // second offset beyond the frame
    assertThrows(CodecException.class, () -> decode(g, 1, 1, 1, 16));
    byte[] h = frame(bytes(0x00, 1));
    h[4] = 60; // first offset must be 64
    assertThrows(CodecException.class, () -> decode(h, 1, 1, 1, 8));
  }

  @Test
  void rejectsSegmentShorterThanThePlane() {
    byte[] f = frame(bytes(0x01, 1, 2));
    CodecException e = assertThrows(CodecException.class, () -> decode(f, 1, 3, 1, 8));
    assertTrue(e.getMessage().contains("after 2 of 3 bytes"), e.getMessage());
    byte[] g = frame(bytes(0x05, 1, 2));
    assertThrows(CodecException.class, () -> decode(g, 1, 3, 1, 8));
    byte[] h = frame(bytes(0x00, 1, 0xFE));
    assertThrows(CodecException.class, () -> decode(h, 1, 3, 1, 8));
  }

  @Test
  void rejectsShortHeaderAndUnsupportedLayouts() {
    assertThrows(CodecException.class, () -> decode(new byte[10], 1, 1, 1, 8));
    byte[] f = frame(bytes(0x00, 1));
    assertThrows(CodecException.class, () -> decode(f, 1, 1, 2, 8));
    assertThrows(CodecException.class, () -> decode(f, 1, 1, 1, 12));
    assertThrows(CodecException.class, () -> decode(f, 1, 1, 1, 1));
  }

  @Test
  void checksLimitsBeforeAllocating() {
    byte[] f = frame(bytes(0x00, 1));
    CodecException e =
        assertThrows(
            CodecException.class,
            () -> RleDecoder.decode(f, 0, f.length, 65535, 65535, 3, 32, new DecodeLimits(1 << 20)));
    assertTrue(e.getMessage().contains("exceeds limit"), e.getMessage());
    assertThrows(CodecException.class, () -> decode(f, 0, 5, 1, 8));
  }

  @Test
  void decodesAFrameInsideALargerArray() throws CodecException {
    byte[] f = frame(bytes(0x01, 3, 4));
    byte[] padded = new byte[f.length + 10];
    System.arraycopy(f, 0, padded, 7, f.length);
    DecodedImage image =
        RleDecoder.decode(padded, 7, f.length, 1, 2, 1, 8, DecodeLimits.DEFAULT);
    assertArrayEquals(new int[] {3, 4}, image.samples());
  }

  /** A valid 16-bit colour frame of mixed runs, the seed of the corruption cases. */
  static byte[] validFrame(Random random, int pixels) {
    byte[][] segments = new byte[6][];
    for (int s = 0; s < 6; s++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int done = 0;
      while (done < pixels) {
        int n = Math.min(1 + random.nextInt(20), pixels - done);
        if (random.nextBoolean()) {
          out.write(n - 1);
          for (int i = 0; i < n; i++) {
            out.write(random.nextInt(256));
          }
        } else if (n >= 2) {
          out.write(1 - n);
          out.write(random.nextInt(256));
        } else {
          out.write(0);
          out.write(random.nextInt(256));
        }
        done += n;
      }
      segments[s] = out.toByteArray();
    }
    return frame(segments);
  }

  static IntStream seeds() {
    return IntStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void corruptFramesFailOnlyWithCodecException(int seed) {
    Random random = new Random(seed);
    byte[] f = validFrame(random, 40 * 30);
    switch (seed % 3) {
      case 0 -> f = java.util.Arrays.copyOf(f, random.nextInt(f.length));
      case 1 -> {
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
          f[random.nextInt(f.length)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      default -> {
        int at = random.nextInt(f.length);
        for (int i = at; i < Math.min(f.length, at + 1 + random.nextInt(100)); i++) {
          f[i] = (byte) random.nextInt(256);
        }
      }
    }
    byte[] corrupt = f;
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          try {
            decode(corrupt, 30, 40, 3, 16);
          } catch (CodecException expected) {
            // the only failure allowed
          }
        });
  }
}
