package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutations of the committed valid streams (truncation, bit flips, byte overwrites,
 * spliced garbage, marker injection): the decoder either succeeds or throws
 * {@link CodecException}, never another exception type, and never takes long.
 */
class JpegLsCorruptStreamTest {
  private static final int CASES_PER_STREAM = 60;
  private static final DecodeLimits LIMITS = new DecodeLimits(1 << 20);

  static Stream<Integer> seeds() {
    return IntStream.range(0, CASES_PER_STREAM * RegressionStreams.all().size()).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedStreamsFailOnlyWithCodecException(int seed) {
    List<RegressionStreams.Stream> streams = RegressionStreams.all();
    byte[] base = streams.get(seed % streams.size()).jls();
    Random random = new Random(seed * 0x9E3779B97F4A7C15L);
    byte[] mutated = mutate(base, random);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try {
        JpegLsDecoder.decode(mutated, 0, mutated.length, LIMITS);
      } catch (CodecException expected) {
        // the only acceptable failure
      } catch (Throwable other) {
        fail("seed " + seed + " threw " + other + " for " + hex(mutated), other);
      }
    });
  }

  static byte[] mutate(byte[] base, Random random) {
    byte[] b = base.clone();
    int kind = random.nextInt(6);
    switch (kind) {
      case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      case 1 -> {
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          int p = random.nextInt(b.length);
          b[p] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> {
        // Overwrite a header byte: the first 40 bytes hold SOF, LSE and SOS fields.
        int p = random.nextInt(Math.min(40, b.length));
        b[p] = (byte) random.nextInt(256);
      }
      case 3 -> {
        int at = random.nextInt(b.length);
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        byte[] out = new byte[b.length + garbage.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(garbage, 0, out, at, garbage.length);
        System.arraycopy(b, at, out, at + garbage.length, b.length - at);
        b = out;
      }
      case 4 -> {
        // Inject a marker (0xFF followed by a random byte) into the entropy-coded data.
        int p = 20 + random.nextInt(Math.max(1, b.length - 22));
        if (p + 1 < b.length) {
          b[p] = (byte) 0xFF;
          b[p + 1] = (byte) random.nextInt(256);
        }
      }
      default -> {
        // Replace the tail with random bytes.
        int from = random.nextInt(b.length);
        byte[] tail = new byte[b.length - from];
        random.nextBytes(tail);
        System.arraycopy(tail, 0, b, from, tail.length);
      }
    }
    return b;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 96); i++) {
      s.append(String.format("%02x", b[i]));
    }
    return s.toString();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("garbageSeeds")
  void randomBytesAfterAValidHeaderFailOnlyWithCodecException(int seed) {
    Random random = new Random(seed);
    int precision = 2 + random.nextInt(15);
    int components = 1 + random.nextInt(3);
    int ilv = components == 1 ? 0 : random.nextInt(3);
    int maxNear = Math.min(255, ((1 << precision) - 1) / 2);
    int near = random.nextInt(3) == 0 ? random.nextInt(maxNear + 1) : 0;
    byte[] body = new byte[random.nextInt(400)];
    random.nextBytes(body);
    JlsBytes s = new JlsBytes().soi()
        .sof55(precision, 1 + random.nextInt(40), 1 + random.nextInt(40), components);
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= components; i++) {
      ids.add(i);
    }
    if (ilv == 0) {
      s.sos(near, 0, 1);
    } else {
      s.sos(near, ilv, ids.stream().mapToInt(Integer::intValue).toArray());
    }
    byte[] stream = s.bytes(body).eoi().build();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try {
        JpegLsDecoder.decode(stream, 0, stream.length, LIMITS);
      } catch (CodecException expected) {
        // fine
      } catch (Throwable other) {
        fail("seed " + seed + " threw " + other + " for " + hex(stream), other);
      }
    });
  }

  static Stream<Integer> garbageSeeds() {
    return IntStream.range(0, 300).boxed();
  }
}
