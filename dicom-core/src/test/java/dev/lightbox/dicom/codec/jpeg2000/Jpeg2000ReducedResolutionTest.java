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
   * Every level of every shape of image (radiographs, CT, MR; lossless 5-3 and lossy 9-7): the
   * thumbnail is within one 8-bit grey level (mean, min/max window) of the full decode
   * downscaled by the standard's own analysis low-pass filter (ISO/IEC 15444-1 Annex F: 5-3
   * taps (−1, 2, 6, 2, −1)/8, 9-7 taps of Table F.4 with unit DC gain, symmetric extension), in
   * floating point, level by level. The renderer's 2×2 box differs from that filter (it is centred
   * half a pixel away and passes less detail), hence the larger box numbers in
   * docs/codecs/jpeg2000.md; speed: Jpeg2000DecodeBenchmark.ownThumbnailReducedBy2.
   */
  @ParameterizedTest(name = "{0} reduce {1}")
  @CsvSource({"pydicom/pydicom-data/RG3_J2KR.dcm, 3", "pydicom/pydicom-data/RG1_J2KI.dcm, 3",
      "pydicom/pydicom-data/693_J2KR.dcm, 1", "pydicom/pydicom-data/693_J2KR.dcm, 3",
      "pydicom/pydicom-data/MR2_J2KR.dcm, 1",
      "pydicom/pydicom-data/MR2_J2KR.dcm, 3", "pydicom/pydicom-data/MR2_J2KI.dcm, 2"})
  void thumbnailIsWithinOneGreyLevelOfTheFullDecodeDownscaledByTheAnalysisFilter(String file,
      int reduce) throws Exception {
    byte[] stream = SharedCorpusFiles.read(file).frames().get(0);
    Jpeg2000Limits limits = Jpeg2000Limits.of(DecodeLimits.DEFAULT);
    DecodedImage full = Jpeg2000Decoder.decode(stream, 0, stream.length, limits, 0);
    DecodedImage small = Jpeg2000Decoder.decode(stream, 0, stream.length, limits, reduce);
    double[] taps = file.contains("J2KI") ? LOW_PASS_97 : LOW_PASS_53;
    double[] plane = new double[full.width() * full.height()];
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < plane.length; i++) {
      int v = full.samples()[i * full.components()];
      plane[i] = v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    int w = full.width();
    int h = full.height();
    for (int level = 0; level < reduce; level++) {
      plane = analyse(plane, w, h, taps, true);
      w = (w + 1) / 2;
      plane = analyse(plane, w, h, taps, false);
      h = (h + 1) / 2;
    }
    assertEquals(small.width(), w, "thumbnail width");
    assertEquals(small.height(), h, "thumbnail height");
    double toGrey = 255.0 / Math.max(1, max - min);
    double sum = 0;
    for (int i = 0; i < w * h; i++) {
      sum += Math.abs(small.samples()[i * small.components()] - plane[i]) * toGrey;
    }
    double mean = sum / (w * h);
    assertTrue(mean <= 1.0, file + " reduce " + reduce + ": mean difference " + mean);
  }

  /** 5-3 analysis low-pass, (−1, 2, 6, 2, −1)/8 from its lifting steps (Annex F). */
  private static final double[] LOW_PASS_53 = {-0.125, 0.25, 0.75, 0.25, -0.125};
  /** 9-7 analysis low-pass (Table F.4 lifting), normalised to unit DC gain as the LL band is. */
  private static final double[] LOW_PASS_97 = {0.026748757411, -0.016864118443, -0.078223266529,
      0.266864118443, 0.602949018236, 0.266864118443, -0.078223266529, -0.016864118443,
      0.026748757411};

  /** Low-pass filters and keeps the even samples along rows or columns (§F.3.7 extension). */
  private static double[] analyse(double[] in, int w, int h, double[] taps, boolean rows) {
    int n = rows ? w : h;
    int half = (n + 1) / 2;
    int outW = rows ? half : w;
    double[] out = new double[outW * (rows ? h : half)];
    int lines = rows ? h : w;
    int centre = taps.length / 2;
    for (int line = 0; line < lines; line++) {
      for (int k = 0; k < half; k++) {
        double acc = 0;
        for (int t = 0; t < taps.length; t++) {
          int j = mirror(2 * k + t - centre, n);
          acc += taps[t] * (rows ? in[line * w + j] : in[j * w + line]);
        }
        if (rows) {
          out[line * outW + k] = acc;
        } else {
          out[k * outW + line] = acc;
        }
      }
    }
    return out;
  }

  private static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    i = Math.floorMod(i, period);
    return i < n ? i : period - i;
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
