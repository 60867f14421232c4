package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTJ2K codestreams made by ojph_compress (reversible and irreversible, 8/12/16 bit, grey and
 * RGB, block sizes 16×64 to 64×64, RPCL/CPRL, tiles). Lossless: equal to ojph_expand's output
 * and to the source. Irreversible: equal to opj_decompress (OpenJPEG 2.5) and within
 * {@link #OPENJPH_LOSSY_TOLERANCE} of ojph_expand, whose 9-7 arithmetic differs from
 * OpenJPEG's (docs/codecs/jpeg2000.md).
 */
class HtGeneratedCorpusTest {
  /** Largest difference measured between ojph_expand and opj_decompress on these images. */
  static final int OPENJPH_LOSSY_TOLERANCE = 4;

  static Stream<GeneratedJ2k.Case> htCases() throws Exception {
    List<GeneratedJ2k.Case> cases = new ArrayList<>(GeneratedJ2k.cases().stream()
        .filter(c -> c.kind().startsWith("ht-")).toList());
    if (cases.isEmpty()) {
      cases.add(new GeneratedJ2k.Case("missing", "", "", 0, 0, 0, 0, false, "missing"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("htCases")
  void decodesLikeTheReferenceDecoders(GeneratedJ2k.Case c) throws Exception {
    GeneratedJ2k.requirePresent();
    Path dir = GeneratedJ2k.dir();
    byte[] stream = Files.readAllBytes(dir.resolve(c.encoded()));
    DecodedImage image = Jpeg2000Decoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT);
    assertEquals(c.width(), image.width(), "width");
    assertEquals(c.height(), image.height(), "height");
    assertEquals(c.components(), image.components(), "components");
    int plane = c.width() * c.height();
    int[] ojph = GeneratedJ2k.readPnm(dir.resolve(c.reference()), c.width(), c.height(),
        c.components());
    if (c.kind().equals("ht-lossless")) {
      Jpeg2000GeneratedCorpusTest.compare(c, image, ojph, "ojph_expand");
      DecodedImage oneThread = Jpeg2000Decoder.decode(stream, 0, stream.length,
          Jpeg2000Limits.of(DecodeLimits.DEFAULT), 0, false);
      Jpeg2000GeneratedCorpusTest.compare(c, oneThread, ojph, "ojph_expand (one thread)");
      int[] src = GeneratedJ2k.readRaw(dir.resolve(c.source()), plane * c.components(),
          c.precision(), c.signed());
      Jpeg2000GeneratedCorpusTest.compare(c, image, src, "source");
    } else {
      int[] opj = OracleTool.openJpeg(stream, plane * c.components(), c.precision(), false);
      Jpeg2000GeneratedCorpusTest.compare(c, image, opj, "opj_decompress");
      int worst = 0;
      for (int i = 0; i < plane; i++) {
        for (int k = 0; k < c.components(); k++) {
          worst = Math.max(worst, Math.abs(image.samples()[i * c.components() + k]
              - ojph[k * plane + i]));
        }
      }
      assertTrue(worst <= OPENJPH_LOSSY_TOLERANCE, c.encoded() + ": " + worst
          + " grey levels from ojph_expand");
    }
  }

  @Test
  void generatedSetCoversTheFeatures() throws Exception {
    GeneratedJ2k.requirePresent();
    List<GeneratedJ2k.Case> cases = htCases().toList();
    assertEquals(35, cases.size(), "HTJ2K cases in manifest.tsv");
    String all = cases.toString();
    for (String needle : new String[] {"gray8.ht_rev.", "gray12.ht_rev.", "gray16.ht_rev.",
        "rgb8.ht_rev.", "rgb16.ht_rev.", ".ht_rev_b32.", ".ht_rev_b16x64.", ".ht_rev_rpcl.",
        ".ht_rev_cprl_tiles.", ".ht_irrev.", ".ht_irrev_b32."}) {
      assertTrue(all.contains(needle), "no generated case " + needle);
    }
  }
}
