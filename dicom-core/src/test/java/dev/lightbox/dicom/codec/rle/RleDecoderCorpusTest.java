package dev.lightbox.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes RLE files made by dcmcrle (scripts/corpus/rle.sh) and the shared corpus's RLE files and
 * compares every sample, frame by frame, with the uncompressed twin (our generated source, or
 * dcmdrle's decode of the corpus file).
 */
class RleDecoderCorpusTest {
  static List<Path> generatedRleFiles() throws IOException {
    return TestInputs.list(TestInputs.generated("rle").resolve("gen"), ".rle.dcm");
  }

  static List<Path> corpusReferences() throws IOException {
    return TestInputs.list(TestInputs.generated("rle").resolve("corpus"), ".dcm");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generatedRleFiles")
  void decodesDcmcrleOutputExactlyLikeTheUncompressedSource(Path rleFile) throws IOException {
    String name = rleFile.getFileName().toString().replace(".rle.dcm", ".raw.dcm");
    assertMatchesTwin(rleFile, rleFile.resolveSibling(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusReferences")
  void decodesCorpusFilesExactlyLikeDcmdrle(Path reference) throws IOException {
    Path original = findInCorpus(reference.getFileName().toString());
    assertMatchesTwin(original, reference);
  }

  @Test
  void rejectsOneBitImagesOfTheCorpusWithCodecException() throws IOException {
    Path liver = findInCorpus("liver_rle.dcm");
    TestDicomFile file = TestDicomFile.read(liver);
    byte[] frame = file.frame(0);
    assertThrows(
        CodecException.class,
        () -> RleDecoder.decode(frame, 0, frame.length, file.rows(), file.columns(),
            file.samplesPerPixel(), file.bitsAllocated(), DecodeLimits.DEFAULT));
  }

  private static void assertMatchesTwin(Path rleFile, Path twinFile) throws IOException {
    TestDicomFile rle = TestDicomFile.read(rleFile);
    TestDicomFile twin = TestDicomFile.read(twinFile);
    assertEquals("1.2.840.10008.1.2.5", rle.transferSyntax());
    for (int f = 0; f < rle.numberOfFrames(); f++) {
      byte[] frame = rle.frame(f);
      DecodedImage image =
          RleDecoder.decode(frame, 0, frame.length, rle.rows(), rle.columns(),
              rle.samplesPerPixel(), rle.bitsAllocated(), DecodeLimits.DEFAULT);
      assertEquals(rle.columns(), image.width());
      assertEquals(rle.rows(), image.height());
      assertEquals(rle.bitsAllocated(), image.precision());
      assertArrayEquals(twin.nativeFrame(f), image.samples(), "frame " + f + " of " + rleFile);
    }
  }

  /** scripts/corpus/rle.sh makes 13 encodings and decodes the 12 corpus RLE files dcmtk can. */
  @Test
  void generatorProducedTheExpectedNumberOfCases() throws IOException {
    assertEquals(13, generatedRleFiles().size(), "generated RLE files");
    assertEquals(12, corpusReferences().size(), "corpus RLE references");
  }

  private static Path findInCorpus(String name) throws IOException {
    Path root = TestInputs.corpus().resolve("pydicom");
    for (String sub : List.of("test_files", "pydicom-data")) {
      Path p = root.resolve(sub).resolve(name);
      if (Files.exists(p)) {
        return p;
      }
    }
    TestInputs.require(false, name + " not in " + root);
    throw new AssertionError();
  }
}
