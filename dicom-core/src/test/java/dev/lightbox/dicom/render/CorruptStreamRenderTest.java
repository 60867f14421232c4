package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutations of valid compressed files of every syntax, through the whole pipeline (parse,
 * locate, decode, render every frame, encode PNG). The pixel stages may only succeed or throw
 * {@link PixelDataException}; parsing may also throw {@link DicomParseException}. Nothing else:
 * no runtime exception, no Error (OOM, stack overflow), no hang (each case has 10 s).
 */
class CorruptStreamRenderTest {
  private static final int MUTATIONS_PER_FILE = 40;
  private static final List<String> SOURCES = List.of("u12_multiframe", "rgb8", "s16_window");

  static Stream<Arguments> cases() throws IOException {
    Path twins = Corpus.generated("render").resolve("twins");
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(twins)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (SOURCES.stream().anyMatch(s -> name.startsWith(s + "."))) {
          out.add(Arguments.of(name, p));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutatedStreamsFailOnlyWithPixelDataException(String name, Path file) throws IOException {
    byte[] valid = Files.readAllBytes(file);
    int pixelStart = lastIndexOf(valid, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
    Random random = new Random(name.hashCode());
    for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
      byte[] mutant = mutate(valid, Math.max(pixelStart, 0), random, i % 4);
      String label = name + " mutation " + i + " (kind " + i % 4 + ")";
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> renderAll(mutant, label), label);
    }
  }

  private static void renderAll(byte[] bytes, String label) {
    ParseResult parsed;
    try {
      parsed = DicomReader.read(new ArrayByteSource(bytes), ReadOptions.defaults());
    } catch (DicomParseException e) {
      return;
    } catch (Throwable t) {
      throw new AssertionError(label + ": parsing threw " + t, t);
    }
    try {
      PixelData pixels = PixelData.of(parsed, new ArrayByteSource(bytes));
      for (int f = 0; f < pixels.frameCount(); f++) {
        RenderedImage img = Renderer.render(pixels, RenderRequest.firstFrame().withFrame(f));
        new PngEncoder().encode(img);
      }
    } catch (PixelDataException e) {
      // The one allowed failure.
    } catch (Throwable t) {
      fail(label + ": expected PixelDataException or success, got " + t, t);
    }
  }

  /** Kinds: 0 truncate, 1 flip bytes, 2 splice a copied range, 3 zero a range. */
  static byte[] mutate(byte[] valid, int pixelStart, Random random, int kind) {
    int span = valid.length - pixelStart;
    int at = pixelStart + random.nextInt(span);
    switch (kind) {
      case 0 -> {
        return Arrays.copyOf(valid, at);
      }
      case 1 -> {
        byte[] b = valid.clone();
        int flips = 1 + random.nextInt(8);
        for (int k = 0; k < flips; k++) {
          int p = pixelStart + random.nextInt(span);
          b[p] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case 2 -> {
        byte[] b = valid.clone();
        int from = pixelStart + random.nextInt(span);
        int len = Math.min(1 + random.nextInt(64), Math.min(b.length - from, b.length - at));
        System.arraycopy(valid, from, b, at, len);
        return b;
      }
      default -> {
        byte[] b = valid.clone();
        Arrays.fill(b, at, Math.min(b.length, at + 1 + random.nextInt(32)), (byte) 0);
        return b;
      }
    }
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
