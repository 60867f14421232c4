package dev.lightbox.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.rle.TestDicomFile;
import dev.lightbox.dicom.codec.rle.TestInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares every decoded sample with dcmtk's ({@code dcmdjpeg +cn}: IJG libjpeg, islow IDCT,
 * fancy upsampling, no colour conversion) for the files {@code scripts/corpus/jpeg.sh} generates
 * and for the DCT JPEG files of the shared corpus. Every sample must be identical (docs/codecs
 * claims exactness; a tolerance of ±1 on 1% of samples hid nothing but could have).
 */
class JpegDctDecoderCorpusTest {
  private static final StringBuilder SUMMARY = new StringBuilder();

  static List<Path> generatedFiles() throws IOException {
    return TestInputs.generatedWithReferences("jpeg");
  }

  static List<Path> corpusReferences() throws IOException {
    return TestInputs.corpusReferences("jpeg");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generatedFiles")
  void matchesDcmdjpegOnGeneratedFiles(Path file) throws IOException {
    assertMatches(file, TestInputs.referenceOf(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusReferences")
  void matchesDcmdjpegOnCorpusFiles(Path ref) throws IOException {
    assertMatches(TestInputs.pydicomOriginal(ref), ref);
  }

  @AfterAll
  static void printSummary() {
    System.out.println("file | frames | samples | exact % | max |diff|");
    System.out.print(SUMMARY);
  }

  static void assertMatches(Path file, Path ref) throws IOException {
    TestDicomFile jpeg = TestDicomFile.read(file);
    TestDicomFile expected = TestDicomFile.read(ref);
    long total = 0;
    long exact = 0;
    int maxDiff = 0;
    for (int f = 0; f < jpeg.numberOfFrames(); f++) {
      byte[] frame = jpeg.frame(f);
      DecodedImage image = JpegDctDecoder.decode(frame, 0, frame.length, DecodeLimits.DEFAULT);
      assertEquals(jpeg.columns(), image.width(), "width");
      assertEquals(jpeg.rows(), image.height(), "height");
      assertEquals(jpeg.samplesPerPixel(), image.components(), "components");
      int mask = (1 << image.precision()) - 1;
      int[] want = expected.nativeFrame(f);
      int[] got = image.samples();
      assertEquals(want.length, got.length, "sample count");
      for (int i = 0; i < got.length; i++) {
        int d = Math.abs((want[i] & mask) - got[i]);
        if (d == 0) {
          exact++;
        }
        maxDiff = Math.max(maxDiff, d);
      }
      total += got.length;
    }
    double exactPercent = 100.0 * exact / total;
    synchronized (SUMMARY) {
      SUMMARY.append(String.format("%s | %d | %d | %.3f | %d%n", file.getFileName(),
          jpeg.numberOfFrames(), total, exactPercent, maxDiff));
    }
    assertEquals(total, exact, file + ": max |diff| " + maxDiff + ", exact " + exactPercent
        + "%");
  }

  /**
   * The cases scripts/corpus/jpeg.sh makes (35 generated, 15 from the shared corpus's DCT
   * files): a generator that silently lost cases would otherwise pass with fewer checks.
   */
  @Test
  void generatorProducedTheExpectedNumberOfCases() throws IOException {
    assertEquals(35, generatedFiles().size(), "generated cases");
    assertEquals(CORPUS_CASES, corpusReferences().size(), "shared-corpus cases");
  }

  private static final int CORPUS_CASES = 15;
}
