package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.testing.Corpus;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inputs of scripts/corpus/render.sh: uncompressed originals (8/10/12/16-bit, signed and
 * unsigned, rescale and window present or absent, MONOCHROME1, multi-frame, RGB) and their twins in
 * every lossless syntax, encoded by dcmtk or GDCM. Two independent oracles: the uncompressed twin
 * (decoded samples must be identical, every frame) and dcmj2pnm's PNGs (issue 3's bar).
 */
class GeneratedTwinsRenderTest {

  static Path dir() {
    return Corpus.generated("render");
  }

  static List<String> sources() throws IOException {
    try (Stream<Path> s = Files.list(dir().resolve("src"))) {
      return s.map(p -> p.getFileName().toString().replace(".dcm", "")).sorted().toList();
    }
  }

  /** (source name, file under render/): the original and each of its twins. */
  static Stream<Arguments> files() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String name : sources()) {
      out.add(Arguments.of(name, "src/" + name + ".dcm"));
      try (Stream<Path> twins = Files.list(dir().resolve("twins"))) {
        twins.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(name + "."))
            .sorted().forEach(f -> out.add(Arguments.of(name, "twins/" + f)));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> twins() throws IOException {
    return files().filter(a -> ((String) a.get()[1]).startsWith("twins/"));
  }

  @Test
  void everyEncoderRunSucceeded() throws IOException {
    String skipped = Files.readString(dir().resolve("skipped.txt"));
    assertEquals("", skipped, "render.sh could not make these twins");
    // 10 sources (8 generated, CT_small, MR_small) × 7 lossless syntaxes: a lost source or
    // syntax would otherwise shrink the test silently.
    try (var twins = Files.list(dir().resolve("twins"))) {
      assertEquals(70, twins.count(), "twins");
    }
    try (var sources = Files.list(dir().resolve("src"))) {
      assertEquals(10, sources.count(), "sources");
    }
    assertTrue(twins().count() >= 7 * 8, "expected a twin per syntax per source");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("twins")
  void losslessTwinDecodesToTheOriginalSamplesInEveryFrame(String name, String twin)
      throws IOException {
    try (Loaded original = Loaded.of(dir().resolve("src/" + name + ".dcm"));
        Loaded copy = Loaded.of(dir().resolve(twin))) {
      assertEquals(original.pixels.frameCount(), copy.pixels.frameCount());
      for (int i = 0; i < original.pixels.frameCount(); i++) {
        Frame a = original.pixels.frame(i);
        Frame b = copy.pixels.frame(i);
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        assertEquals(a.samplesPerPixel(), b.samplesPerPixel());
        assertEquals(a.signed(), b.signed());
        assertArrayEquals(a.samples(), b.samples(), twin + " frame " + (i + 1));
      }
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("files")
  void rendersLikeDcmtkWithMinMaxTheFilesWindowAndARequestedWindow(String name, String file)
      throws IOException {
    Window requested = requestedWindow(name);
    try (Loaded in = Loaded.of(dir().resolve(file))) {
      RenderRequest base = RenderRequest.firstFrame();
      check(in, base.withVoi(RenderRequest.VoiPreference.MIN_MAX), name + ".minmax.png", file);
      Path fileRef = dir().resolve("ref/" + name + ".file.png");
      if (Files.exists(fileRef)) {
        check(in, base, name + ".file.png", file);
      }
      check(in, base.withWindow(requested), name + ".window.png", file);
      if (in.pixels.image().samplesPerPixel() == 1) {
        check(in, base.withWindow(requested).withBits(16), name + ".window16.png", file);
      }
      for (int k = 1; k <= in.pixels.frameCount() && in.pixels.frameCount() > 1; k++) {
        check(in, base.withFrame(k - 1).withVoi(RenderRequest.VoiPreference.MIN_MAX),
            name + ".f" + k + ".png", file);
      }
    }
  }

  private static void check(Loaded in, RenderRequest request, String refName, String file)
      throws IOException {
    BufferedImage ref = ImageIO.read(dir().resolve("ref/" + refName).toFile());
    RenderedImage img = Renderer.render(in.pixels, request);
    BufferedImage ours = ImageIO.read(new ByteArrayInputStream(new PngEncoder().encode(img)));
    String verdict = request.bits() == 16 ? compare16(ours, ref)
        : DcmtkRenderConformanceTest.compare(ours, ref, 1);
    assertNull(verdict, file + " vs " + refName);
  }

  /**
   * The 8-bit bar scaled to 16-bit output (one 8-bit grey level is 257 16-bit levels): mean |diff|
   * ≤ 257 and at most 1% of samples off by more than 514.
   */
  static String compare16(BufferedImage ours, BufferedImage ref) {
    Raster a = ours.getRaster();
    Raster b = ref.getRaster();
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return "size differs";
    }
    if (ours.getColorModel().getComponentSize(0) != 16
        || ref.getColorModel().getComponentSize(0) != 16) {
      return "not both 16-bit";
    }
    long sum = 0;
    long over = 0;
    long n = (long) a.getWidth() * a.getHeight();
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int d = Math.abs(a.getSample(x, y, 0) - b.getSample(x, y, 0));
        sum += d;
        over += d > 514 ? 1 : 0;
      }
    }
    double mean = (double) sum / n;
    double frac = (double) over / n;
    return mean <= 257 && frac <= 0.01 ? null
        : String.format("16-bit mean |diff| %.1f, %.2f%% off by more than 514", mean, 100 * frac);
  }

  private static Window requestedWindow(String name) throws IOException {
    for (String line : Files.readAllLines(dir().resolve("windows.tsv"))) {
      String[] f = line.split("\t");
      if (f[0].equals(name)) {
        return new Window(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            VoiFunction.LINEAR);
      }
    }
    throw new IllegalStateException("no window for " + name + " in windows.tsv");
  }

  private record Loaded(FileByteSource source, PixelData pixels) implements AutoCloseable {
    static Loaded of(Path file) throws IOException {
      FileByteSource src = FileByteSource.open(file);
      ParseResult parsed = DicomReader.read(src, ReadOptions.defaults());
      return new Loaded(src, PixelData.of(parsed, src));
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
