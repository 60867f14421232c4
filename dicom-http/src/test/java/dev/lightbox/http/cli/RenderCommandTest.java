package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightbox render}: output checked with ImageIO (an independent PNG reader), and each error
 * class of issue 3 gives its exit code, exactly one stderr line, and no OUT file (nor temp file).
 */
class RenderCommandTest {
  @TempDir Path dir;
  private Path corpus;

  @BeforeEach
  void locateCorpus() {
    String configured = System.getProperty("lightbox.corpus");
    Path root = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
            .resolve("../shared/corpus");
    corpus = root.toAbsolutePath().normalize().resolve("pydicom/test_files");
    dev.lightbox.http.testing.Ci.require(Files.isDirectory(corpus),
        "shared corpus not found at " + corpus);
  }

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = Lightbox.run(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  private void assertFailure(Run r, int exit, String mentions) throws IOException {
    assertEquals(exit, r.exit(), r.err());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, "one line on stderr: " + r.err());
    assertTrue(lines[0].startsWith("lightbox: "), lines[0]);
    assertTrue(lines[0].toLowerCase().contains(mentions.toLowerCase()), lines[0]);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "no OUT or temporary file after a failure");
    }
  }

  @Test
  void rendersCtToAnEightBitPngOfTheImageSize() throws IOException {
    Path out = dir.resolve("ct.png");
    Run r = run("render", corpus.resolve("CT_small.dcm").toString(), out.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    BufferedImage img = ImageIO.read(out.toFile());
    assertEquals(128, img.getWidth());
    assertEquals(128, img.getHeight());
    assertEquals(8, img.getColorModel().getComponentSize(0));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "only OUT is left in the directory");
    }
  }

  @Test
  void sixteenBitOutputAndAWindowChangeThePixels() throws IOException {
    Path wide = dir.resolve("wide.png");
    Path narrow = dir.resolve("narrow.png");
    Path deep = dir.resolve("deep.png");
    String ct = corpus.resolve("CT_small.dcm").toString();
    assertEquals(0, run("render", ct, wide.toString(), "--window", "40,4000").exit());
    assertEquals(0, run("render", ct, narrow.toString(), "--window=40,80,sigmoid").exit());
    assertEquals(0, run("render", ct, deep.toString(), "--bits", "16").exit());
    assertFalse(Arrays.equals(Files.readAllBytes(wide), Files.readAllBytes(narrow)));
    assertEquals(16, ImageIO.read(deep.toFile()).getColorModel().getComponentSize(0));
  }

  @Test
  void rendersTheRequestedFrameOfAMultiFrameFile() throws IOException {
    Path first = dir.resolve("f1.png");
    Path last = dir.resolve("f15.png");
    String dose = corpus.resolve("rtdose.dcm").toString();
    assertEquals(0, run("render", dose, first.toString()).exit());
    assertEquals(0, run("render", dose, last.toString(), "--frame", "15").exit());
    assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(last)));
  }

  @Test
  void replacesAnExistingOutFile() throws IOException {
    Path out = dir.resolve("ct.png");
    Files.writeString(out, "old");
    assertEquals(0, run("render", corpus.resolve("CT_small.dcm").toString(), out.toString())
        .exit());
    byte[] png = Files.readAllBytes(out);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
  }

  @Test
  void noPixelDataExitsOne() throws IOException {
    assertFailure(run("render", corpus.resolve("rtplan.dcm").toString(),
        dir.resolve("x.png").toString()), 1, "no pixel data");
  }

  @Test
  void frameOutOfRangeExitsTwoNamingTheFrameCount() throws IOException {
    assertFailure(run("render", corpus.resolve("rtdose.dcm").toString(),
        dir.resolve("x.png").toString(), "--frame", "16"), 2, "15 frames");
    assertFailure(run("render", corpus.resolve("CT_small.dcm").toString(),
        dir.resolve("x.png").toString(), "--frame", "0"), 2, "--frame");
  }

  @Test
  void badOptionsExitTwo() throws IOException {
    String ct = corpus.resolve("CT_small.dcm").toString();
    String out = dir.resolve("x.png").toString();
    assertFailure(run("render", ct, out, "--window", "40"), 2, "window");
    assertFailure(run("render", ct, out, "--window", "40,0"), 2, "width");
    assertFailure(run("render", ct, out, "--window", "40,400,cubic"), 2, "function");
    assertFailure(run("render", ct, out, "--bits", "12"), 2, "bits");
    assertFailure(run("render", ct, out, "--frame", "x"), 2, "frame");
    assertFailure(run("render", ct), 2, "OUT.png");
  }

  @Test
  void sixteenBitColourIsAUsageError() throws IOException {
    assertFailure(run("render", corpus.resolve("examples_rgb_color.dcm").toString(),
        dir.resolve("x.png").toString(), "--bits", "16"), 2, "grayscale");
  }

  @Test
  void truncatedPixelDataExitsThree() throws IOException {
    byte[] bytes = Files.readAllBytes(corpus.resolve("CT_small.dcm"));
    Path cut = Files.createTempFile("lightbox-cut", ".dcm");
    try {
      Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5000));
      assertFailure(run("render", cut.toString(), dir.resolve("x.png").toString()), 3, "");
    } finally {
      Files.delete(cut);
    }
  }

  @Test
  void corruptCompressedStreamExitsThree() throws IOException {
    byte[] bytes = Files.readAllBytes(corpus.resolve("MR_small_jpeg_ls_lossless.dcm"));
    // Zero the second half of the file: the JPEG-LS stream (and its EOI) is destroyed.
    Arrays.fill(bytes, bytes.length / 2, bytes.length, (byte) 0);
    Path bad = Files.createTempFile("lightbox-bad", ".dcm");
    try {
      Files.write(bad, bytes);
      assertFailure(run("render", bad.toString(), dir.resolve("x.png").toString()), 3, "");
    } finally {
      Files.delete(bad);
    }
  }

  @Test
  void notDicomExitsThree() throws IOException {
    Path junk = Files.createTempFile("lightbox-junk", ".dcm");
    try {
      Files.writeString(junk, "this is not a DICOM file at all".repeat(10));
      assertFailure(run("render", junk.toString(), dir.resolve("x.png").toString()), 3, "");
    } finally {
      Files.delete(junk);
    }
  }

  @Test
  void missingInputExitsTwo() throws IOException {
    assertFailure(run("render", dir.resolve("absent.dcm").toString(),
        dir.resolve("x.png").toString()), 2, "no such file");
  }
}
