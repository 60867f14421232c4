package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged codestreams large enough for the two-thread tier-1 (TileDecoder.MIN_PARALLEL_BYTES)
 * give the same outcome with and without the pool thread: the same samples, or the same typed
 * error — the one of the first failing code-block in block order, as one thread meets it. The
 * fuzz targets cannot reach this path (their inputs stay below 4 KiB). Each case is one generated
 * codestream of at least 64 KiB with a few bytes of its packet data overwritten, positions and
 * values from a fixed seed.
 */
class Jpeg2000ParallelCorruptionTest {
  private static final int SEEDS_PER_STREAM = 3;
  private static final long MIN_STREAM_BYTES = 4L * TileDecoder.MIN_PARALLEL_BYTES;

  record Damaged(GeneratedJ2k.Case source, long seed) {
    @Override
    public String toString() {
      return source.encoded() + " seed " + seed;
    }
  }

  static Stream<Damaged> damagedStreams() throws Exception {
    List<Damaged> out = new ArrayList<>();
    for (GeneratedJ2k.Case c : GeneratedJ2k.cases()) {
      if (Files.size(GeneratedJ2k.dir().resolve(c.encoded())) >= MIN_STREAM_BYTES) {
        for (long seed = 1; seed <= SEEDS_PER_STREAM; seed++) {
          out.add(new Damaged(c, seed));
        }
      }
    }
    if (out.isEmpty()) {
      out.add(new Damaged(new GeneratedJ2k.Case("missing", "", "", 0, 0, 0, 0, false, "missing"),
          0));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedStreams")
  void sameOutcomeOnOneAndTwoThreads(Damaged d) throws Exception {
    GeneratedJ2k.requirePresent();
    byte[] stream = damage(Files.readAllBytes(GeneratedJ2k.dir().resolve(d.source().encoded())),
        d.seed());
    Outcome one = decode(stream, false);
    Outcome two = decode(stream, true);
    assertEquals(one.error(), two.error(), "error on one thread vs two");
    if (one.error() == null) {
      assertArrayEquals(one.samples(), two.samples(), "samples on one thread vs two");
    }
  }

  /**
   * The set must hold HT and Part 1 streams that large, and the damage must reach the tier-1
   * failures the two threads race on (HT block errors; MQ decoding never fails), or the test
   * above proves little.
   */
  @Test
  void damageReachesTheBlockDecodersOfBothCoders() throws Exception {
    GeneratedJ2k.requirePresent();
    long ht = 0;
    long partOne = 0;
    long blockErrors = 0;
    for (Damaged d : damagedStreams().toList()) {
      if (!d.source().kind().startsWith("ht-")) {
        partOne++;
        continue;
      }
      ht++;
      byte[] stream = damage(Files.readAllBytes(GeneratedJ2k.dir().resolve(d.source().encoded())),
          d.seed());
      String error = decode(stream, false).error();
      if (error != null && error.contains("HT code-block")) {
        blockErrors++;
      }
    }
    assertTrue(ht >= 4 * SEEDS_PER_STREAM, "damaged HT streams of at least 64 KiB: " + ht);
    assertTrue(partOne >= 20 * SEEDS_PER_STREAM, "damaged Part 1 streams: " + partOne);
    assertTrue(blockErrors >= 3, "damaged HT streams refused by an HT code-block: " + blockErrors);
  }

  /**
   * Overwrites 4 to 19 bytes at random positions after the first SOD marker (the main and first
   * tile-part headers stay intact, so decoding reaches tier-1).
   */
  static byte[] damage(byte[] stream, long seed) {
    byte[] out = stream.clone();
    int sod = firstSod(out);
    SplittableRandom random = new SplittableRandom(seed);
    int count = 4 + random.nextInt(16);
    for (int i = 0; i < count; i++) {
      out[sod + 2 + random.nextInt(out.length - sod - 2)] = (byte) random.nextInt(256);
    }
    return out;
  }

  private static int firstSod(byte[] b) {
    for (int i = 0; i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0x93) {
        return i;
      }
    }
    throw new AssertionError("no SOD marker (0xFF93) in the codestream");
  }

  record Outcome(int[] samples, String error) {}

  private static Outcome decode(byte[] stream, boolean parallel) {
    try {
      DecodedImage image = Jpeg2000Decoder.decode(stream, 0, stream.length,
          Jpeg2000Limits.of(DecodeLimits.DEFAULT), 0, parallel);
      return new Outcome(image.samples(), null);
    } catch (CodecException e) {
      return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
