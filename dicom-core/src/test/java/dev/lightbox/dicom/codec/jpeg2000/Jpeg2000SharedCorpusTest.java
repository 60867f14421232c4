package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame of every JPEG 2000 file (…4.90, …4.91) of the shared corpus decodes exactly like
 * opj_decompress on the same codestream, lossy files included.
 */
class Jpeg2000SharedCorpusTest {
  static final Set<String> SYNTAXES = Set.of("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91");

  /**
   * pydicom's test of an encapsulated value holding a sequence delimiter: the bytes FE FF DD E0
   * sit inside SIZ, so Xsiz is 3,722,445,056 and opj_decompress refuses the stream too.
   */
  static final Set<String> REFUSED_BY_OPENJPEG =
      Set.of("pydicom/test_files/JPEG2000-embedded-sequence-delimiter.dcm");

  static List<String> files() throws Exception {
    return SharedCorpusFiles.withSyntax(SYNTAXES);
  }

  @Test
  void corpusHoldsTheExpectedFiles() throws Exception {
    assertEquals(20, files().size(), "JPEG 2000 files in ref/index.tsv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyFrameEqualsOpenJpeg(String file) throws Exception {
    SharedCorpusFiles.Frames f = SharedCorpusFiles.read(file);
    for (int i = 0; i < f.frames().size(); i++) {
      byte[] stream = f.frames().get(i);
      if (REFUSED_BY_OPENJPEG.contains(file)) {
        assertThrows(OracleTool.ToolRefused.class, () -> OracleTool.openJpeg(stream, 1, 8, false));
        CodecException e = assertThrows(CodecException.class,
            () -> Jpeg2000Decoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
        assertTrue(e.getMessage().contains("SIZ"), e.getMessage());
        continue;
      }
      DecodedImage image = Jpeg2000Decoder.decode(stream, 0, stream.length,
          DecodeLimits.DEFAULT);
      int n = image.components();
      int plane = image.width() * image.height();
      int[] ref = OracleTool.openJpeg(stream, plane * n, image.precision(), false);
      int mask = (1 << image.precision()) - 1;
      int[] s = image.samples();
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < n; c++) {
          // Compare bit patterns: opj writes signed samples without widening them.
          if ((s[p * n + c] & mask) != (ref[c * plane + p] & mask)) {
            fail(String.format("%s frame %d sample (x=%d, y=%d, c=%d): decoded %d, "
                + "opj_decompress %d", file, i, p % image.width(), p / image.width(), c,
                s[p * n + c], ref[c * plane + p]));
          }
        }
      }
    }
  }
}
