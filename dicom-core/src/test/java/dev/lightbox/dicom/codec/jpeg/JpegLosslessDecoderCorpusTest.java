package dev.lightbox.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.rle.TestDicomFile;
import dev.lightbox.dicom.codec.rle.TestInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares every decoded sample with dcmtk's {@code dcmdjpeg} for the lossless JPEG files
 * {@code scripts/corpus/jpeg-lossless.sh} generates (every predictor of T.81 Table H.1 on 8-, 12-
 * and 16-bit grey and RGB, point transforms, signed, 6- and 10-bit, tiny and odd sizes) and for
 * the lossless JPEG files of the shared corpus. Every sample must be identical.
 */
class JpegLosslessDecoderCorpusTest {
  static List<Path> generatedFiles() throws IOException {
    return TestInputs.generatedWithReferences("jpeg-lossless");
  }

  static List<Path> corpusReferences() throws IOException {
    return TestInputs.corpusReferences("jpeg-lossless");
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

  static void assertMatches(Path file, Path ref) throws IOException {
    TestDicomFile jpeg = TestDicomFile.read(file);
    TestDicomFile expected = TestDicomFile.read(ref);
    for (int f = 0; f < jpeg.numberOfFrames(); f++) {
      byte[] frame = jpeg.frame(f);
      DecodedImage image = JpegLosslessDecoder.decode(frame, 0, frame.length,
          DecodeLimits.exactly(jpeg.columns(), jpeg.rows(), jpeg.samplesPerPixel()));
      assertEquals(jpeg.columns(), image.width(), "width");
      assertEquals(jpeg.rows(), image.height(), "height");
      assertEquals(jpeg.samplesPerPixel(), image.components(), "components");
      int mask = (1 << image.precision()) - 1;
      int[] want = expected.nativeFrame(f);
      int[] got = image.samples();
      assertEquals(want.length, got.length, "sample count");
      int differing = 0;
      int first = -1;
      for (int i = 0; i < got.length; i++) {
        if ((want[i] & mask) != got[i]) {
          differing++;
          first = first < 0 ? i : first;
        }
      }
      assertEquals(0, differing, file.getFileName() + " frame " + f + ": " + differing
          + " samples differ, first at " + first
          + (first < 0 ? "" : " (want " + (want[first] & mask) + ", got " + got[first] + ")"));
      assertEquals(List.of(), image.warnings(), "a conforming stream decodes without warnings");
    }
  }

  /**
   * The cases scripts/corpus/jpeg-lossless.sh makes: 7 predictors × 4 sources, 6 point
   * transforms, 11 selection-value-1 sources and 2 more predictor cases (47), and the shared
   * corpus's 4 lossless JPEG files with pixel data. A generator that silently lost cases would
   * otherwise pass with fewer checks.
   */
  @Test
  void generatorProducedTheExpectedNumberOfCases() throws IOException {
    assertEquals(47, generatedFiles().size(), "generated cases");
    assertEquals(4, corpusReferences().size(), "shared-corpus cases");
  }
}
