package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * Every Part 1 codestream opj_compress made (progression orders, tiles, tile-parts, precincts,
 * layers, every code-block style, ROI, SOP/EPH, PLT/TLM, 5-3 and 9-7, RCT and ICT, 1-16 bit,
 * signed) decodes exactly like opj_decompress; lossless ones also equal their source.
 */
class Jpeg2000GeneratedCorpusTest {

  static Stream<GeneratedJ2k.Case> partOneCases() throws Exception {
    List<GeneratedJ2k.Case> cases = new ArrayList<>(GeneratedJ2k.cases().stream()
        .filter(c -> !c.kind().startsWith("ht-")).toList());
    if (cases.isEmpty()) {
      cases.add(new GeneratedJ2k.Case("missing", "", "", 0, 0, 0, 0, false, "missing"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("partOneCases")
  void decodesExactlyLikeOpenJpeg(GeneratedJ2k.Case c) throws Exception {
    GeneratedJ2k.requirePresent();
    Path dir = GeneratedJ2k.dir();
    byte[] stream = Files.readAllBytes(dir.resolve(c.encoded()));
    DecodedImage image = Jpeg2000Decoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT);
    assertEquals(c.width(), image.width(), "width");
    assertEquals(c.height(), image.height(), "height");
    assertEquals(c.components(), image.components(), "components");
    int plane = c.width() * c.height();
    int[] ref = GeneratedJ2k.readRaw(dir.resolve(c.reference()), plane * c.components(),
        c.precision(), c.signed());
    compare(c, image, ref, "opj_decompress");
    DecodedImage oneThread = Jpeg2000Decoder.decode(stream, 0, stream.length,
        Jpeg2000Limits.of(DecodeLimits.DEFAULT), 0, false);
    compare(c, oneThread, ref, "opj_decompress (code-blocks on one thread)");
    if (c.kind().equals("lossless")) {
      int[] src = GeneratedJ2k.readRaw(dir.resolve(c.source()), plane * c.components(),
          c.precision(), c.signed());
      compare(c, image, src, "source");
    }
  }

  static void compare(GeneratedJ2k.Case c, DecodedImage image, int[] planar, String what) {
    int plane = c.width() * c.height();
    int n = c.components();
    int[] s = image.samples();
    for (int i = 0; i < plane; i++) {
      for (int k = 0; k < n; k++) {
        int expected = planar[k * plane + i];
        int actual = s[i * n + k];
        if (expected != actual) {
          fail(String.format("%s: sample (x=%d, y=%d, c=%d) is %d, %s has %d", c.encoded(),
              i % c.width(), i / c.width(), k, actual, what, expected));
        }
      }
    }
  }

  @Test
  void generatedSetCoversTheFeatures() throws Exception {
    GeneratedJ2k.requirePresent();
    List<GeneratedJ2k.Case> cases = partOneCases().toList();
    assertEquals(238, cases.size(), "Part 1 cases in manifest.tsv");
    String all = cases.toString();
    for (String needle : new String[] {".lrcp.", ".rlcp.", ".rpcl_prec.", ".pcrl_prec.",
        ".cprl_tiles.", ".tiles_off.", ".tileparts.", ".layers.", ".bypass.", ".reset.",
        ".termall.", ".causal.", ".predict.", ".segsym.", ".allstyles.", ".sop_eph.", ".plt.",
        ".roi.", ".irrev.", ".irrev_roi.", ".irrev_styles.", "signed16.", "signed12.",
        "rgb8.", "rgb16.", "gray1.", "gray4.", "gray12.", "gray16."}) {
      assertTrue(all.contains(needle), "no generated case " + needle);
    }
    // The two-thread tier-1 path only runs for tile-components with enough coded bytes: make sure
    // the set holds streams that large, so that both paths are compared above.
    long large = 0;
    for (GeneratedJ2k.Case c : cases) {
      if (Files.size(GeneratedJ2k.dir().resolve(c.encoded())) >= 4L * TileDecoder.MIN_PARALLEL_BYTES) {
        large++;
      }
    }
    assertTrue(large >= 20, "only " + large + " generated streams are large enough for two threads");
  }
}
