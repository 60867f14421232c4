package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reduced-resolution decoding for thumbnails (ISO/IEC 15444-1 §B.5: resolution NL − r is the
 * LL band after r fewer synthesis levels). Each reduction equals {@code opj_decompress -r}
 * exactly. Against the full decode box-downscaled (what the renderer's Resampler does), a
 * one-level thumbnail of a radiograph is within one 8-bit grey level on average; deeper
 * reductions differ more at edges because the wavelet low-pass is centred on even samples and
 * wider than a box (numbers in docs/codecs/jpeg2000.md). Speed: Jpeg2000DecodeBenchmark.
 */
class Jpeg2000ReducedResolutionTest {

  @ParameterizedTest(name = "{0} reduced by {1}")
  @CsvSource({"enc/gray16.lrcp.j2k, 1", "enc/gray16.lrcp.j2k, 3", "enc/gray16.irrev.j2k, 2",
      "enc/rgb8.lrcp.j2k, 2", "enc/gray8.tiles_off.j2k, 1", "enc/gray16.ht_rev.j2c, 2",
      "enc/gray12.pcrl_prec.j2k, 1"})
  void matchesOpenJpeg(String encoded, int reduce) throws Exception {
    GeneratedJ2k.requirePresent();
    Corpus.requireTool("opj_decompress");
    byte[] stream = Files.readAllBytes(GeneratedJ2k.dir().resolve(encoded));
    Jpeg2000Limits limits = Jpeg2000Limits.of(DecodeLimits.DEFAULT);
    DecodedImage full = Jpeg2000Decoder.decode(stream, 0, stream.length, limits, 0);
    DecodedImage small = Jpeg2000Decoder.decode(stream, 0, stream.length, limits, reduce);
    int scale = 1 << reduce;
    assertEquals((full.width() + scale - 1) / scale, small.width(), "width");
    assertEquals((full.height() + scale - 1) / scale, small.height(), "height");

    int n = small.components();
    int plane = small.width() * small.height();
    int[] opj = reducedByOpenJpeg(stream, reduce, plane * n, small.precision());
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < n; c++) {
        if (small.samples()[p * n + c] != opj[c * plane + p]) {
          fail(encoded + " pixel " + p + " component " + c + ": " + small.samples()[p * n + c]
              + ", opj_decompress -r " + reduce + " has " + opj[c * plane + p]);
        }
      }
    }
  }

  /** Lossless (RG3_J2KR, 10 bit) and lossy (RG1_J2KI, 15 bit) radiographs, 1760² and 1955×1841. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"pydicom/pydicom-data/RG3_J2KR.dcm", "pydicom/pydicom-data/RG1_J2KI.dcm"})
  void oneLevelThumbnailOfARadiographIsWithinOneGreyLevel(String file) throws Exception {
    byte[] stream = SharedCorpusFiles.read(file).frames().get(0);
    Jpeg2000Limits limits = Jpeg2000Limits.of(DecodeLimits.DEFAULT);
    DecodedImage full = Jpeg2000Decoder.decode(stream, 0, stream.length, limits, 0);
    DecodedImage small = Jpeg2000Decoder.decode(stream, 0, stream.length, limits, 1);
    double mean = meanGreyDifference(full, small, 2);
    assertTrue(mean <= 1.0, file + ": mean difference " + mean + " grey levels");
  }

  /**
   * Mean |thumbnail − box-averaged full decode| in 8-bit grey levels of a min/max window over
   * the full decode (the renderer's fallback VOI).
   */
  static double meanGreyDifference(DecodedImage full, DecodedImage small, int scale) {
    int n = full.components();
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int v : full.samples()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double toGrey = 255.0 / Math.max(1, max - min);
    double sum = 0;
    for (int y = 0; y < small.height(); y++) {
      for (int x = 0; x < small.width(); x++) {
        for (int c = 0; c < n; c++) {
          double box = 0;
          int count = 0;
          for (int dy = 0; dy < scale && y * scale + dy < full.height(); dy++) {
            for (int dx = 0; dx < scale && x * scale + dx < full.width(); dx++) {
              box += full.sample(x * scale + dx, y * scale + dy, c);
              count++;
            }
          }
          sum += Math.abs(small.sample(x, y, c) - box / count) * toGrey;
        }
      }
    }
    return sum / ((double) small.width() * small.height() * n);
  }

  private static int[] reducedByOpenJpeg(byte[] stream, int reduce, int count, int precision)
      throws Exception {
    Path dir = Files.createTempDirectory("j2k-reduce");
    Path in = dir.resolve("in.j2k");
    Path out = dir.resolve("out.rawl");
    Files.write(in, stream);
    Process p = new ProcessBuilder(List.of("opj_decompress", "-i", in.toString(), "-o",
        out.toString(), "-r", Integer.toString(reduce))).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "opj_decompress -r");
    int[] v = GeneratedJ2k.readRaw(out, count, precision, false);
    Files.delete(in);
    Files.delete(out);
    Files.delete(dir);
    return v;
  }
}
