package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pydicom-data HTJ2K files (…4.201, …4.202, …4.203) of the shared corpus decode exactly
 * like opj_decompress (OpenJPEG 2.5) on the same codestream, and like ojph_expand (OpenJPH):
 * exactly when lossless, within {@link HtGeneratedCorpusTest#OPENJPH_LOSSY_TOLERANCE} when
 * irreversible (the two reference decoders differ there by that much).
 */
class HtSharedCorpusTest {
  static final Set<String> SYNTAXES = Set.of("1.2.840.10008.1.2.4.201",
      "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203");

  static List<String> files() throws Exception {
    return SharedCorpusFiles.withSyntax(SYNTAXES);
  }

  private static boolean lossless(String file) throws Exception {
    return SharedCorpusFiles.withSyntax(Set.of("1.2.840.10008.1.2.4.201",
        "1.2.840.10008.1.2.4.202")).contains(file);
  }

  @Test
  void corpusHoldsTheExpectedFiles() throws Exception {
    assertEquals(2, files().size(), "HTJ2K files in ref/index.tsv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyFrameEqualsOpenJphAndOpenJpeg(String file) throws Exception {
    SharedCorpusFiles.Frames f = SharedCorpusFiles.read(file);
    for (int i = 0; i < f.frames().size(); i++) {
      byte[] stream = f.frames().get(i);
      DecodedImage image = Jpeg2000Decoder.decode(stream, 0, stream.length,
          DecodeLimits.DEFAULT);
      int n = image.components();
      int plane = image.width() * image.height();
      int[] ojph = OracleTool.openJph(stream, image.width(), image.height(), n);
      int[] opj = OracleTool.openJpeg(stream, plane * n, image.precision(), false);
      int[] s = image.samples();
      int tolerance = lossless(file) ? 0 : HtGeneratedCorpusTest.OPENJPH_LOSSY_TOLERANCE;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < n; c++) {
          int v = s[p * n + c];
          if (Math.abs(v - ojph[c * plane + p]) > tolerance || v != opj[c * plane + p]) {
            fail(String.format("%s frame %d sample (x=%d, y=%d, c=%d): decoded %d, "
                + "ojph_expand %d, opj_decompress %d", file, i, p % image.width(),
                p / image.width(), c, v, ojph[c * plane + p], opj[c * plane + p]));
          }
        }
      }
    }
  }
}
