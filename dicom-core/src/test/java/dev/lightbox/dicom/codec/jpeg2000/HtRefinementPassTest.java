package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HT SigProp and MagRef passes (ITU-T T.814 §7.4, §7.5). No encoder available here writes them
 * (OpenJPH codes the cleanup pass only; OpenJPEG 2.5 does not encode HTJ2K), so the inputs are
 * built from the standard: {@link HtRefinementCodestream} keeps an OpenJPH cleanup segment, adds
 * one bit-plane below it and appends a refinement segment. Expected: pixel-exact agreement with
 * opj_decompress (OpenJPEG's HT decoder implements both passes), and, from the standard alone,
 * every sample's magnitude above bit-plane 0 equals the OpenJPH source image's.
 */
class HtRefinementPassTest {
  @ParameterizedTest(name = "{0} passes={1} lref={2} causal={3}")
  @CsvSource({
      "refine8, 8, 3, 1500, false",
      "refine8, 8, 2, 900, false",
      "refine8, 8, 3, 1500, true",
      "refine8, 8, 3, 40, false",
      "refine12, 12, 3, 1500, false",
      "refine12, 12, 2, 700, true"})
  void refinementPassesDecodeLikeOpenJpegAndRefineTheCleanupImage(String name, int precision,
      int passes, int lref, boolean causal) throws Exception {
    Path dir = GeneratedJ2k.dir().resolve("ht");
    GeneratedJ2k.requirePresent();
    int[] source = GeneratedJ2k.readPnm(dir.resolve(name + ".pgm"), widthOf(name),
        heightOf(name), 1);
    HtRefinementCodestream builder = new HtRefinementCodestream(
        Files.readAllBytes(dir.resolve(name + ".cleanup.j2c")));
    byte[] stream = builder.build(passes, lref, causal, name.hashCode() * 31L + passes + lref);

    DecodedImage image = Jpeg2000Decoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT);
    int n = source.length;
    assertEquals(n, image.width() * image.height());
    int[] opj = OracleTool.openJpeg(stream, n, precision + 1, false);
    assertArrayEquals(opj, java.util.Arrays.copyOf(image.samples(), n), "vs opj_decompress");

    int refined = 0;
    int newlySignificant = 0;
    for (int i = 0; i < n; i++) {
      int c = source[i] - (1 << (precision - 1));
      int refinedC = image.samples()[i] - (1 << precision);
      if (c != 0) {
        assertEquals(Integer.signum(c), Integer.signum(refinedC), "sign at " + i);
        assertEquals(Math.abs(c), Math.abs(refinedC) >> 1, "magnitude above plane 0 at " + i);
        if (passes == 2) {
          // no MagRef pass: reconstructed at the centre of the cleanup bin (Annex E.1.1.2)
          assertEquals(2 * Math.abs(c) + 1, Math.abs(refinedC), "bin centre at " + i);
        } else {
          refined += Math.abs(refinedC) & 1;
        }
      } else {
        assertTrue(Math.abs(refinedC) <= 1, "zero coefficient refined to " + refinedC);
        newlySignificant += refinedC != 0 ? 1 : 0;
      }
    }
    assertTrue(newlySignificant > 0, "SigProp made no sample significant");
    if (passes == 3) {
      assertTrue(refined > 0 && refined < n, "MagRef bits all equal: " + refined);
    }
  }

  @Test
  void mixedHtAndPartOneBlocksAreRefusedNamingTheMarker() throws Exception {
    GeneratedJ2k.requirePresent();
    byte[] stream = Files.readAllBytes(GeneratedJ2k.dir().resolve("ht/refine8.cleanup.j2c"));
    int cod = 0;
    while ((stream[cod] & 0xFF) != 0xFF || (stream[cod + 1] & 0xFF) != 0x52) {
      cod++;
    }
    stream[cod + 12] = (byte) 0xC0;
    CodecException e = assertThrows(CodecException.class,
        () -> Jpeg2000Decoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
    assertTrue(e.getMessage().contains("COD") && e.getMessage().contains("mixed"),
        e.getMessage());
  }

  private static int widthOf(String name) {
    return name.equals("refine8") ? 64 : 61;
  }

  private static int heightOf(String name) {
    return name.equals("refine8") ? 64 : 53;
  }
}
