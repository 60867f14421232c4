package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.dicom.testing.Corpus;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every pydicom corpus file that dcmtk rendered, with the same window choice as the
 * reference command in ref/index.tsv (the file's first window, its VOI LUT, min/max, or none for
 * colour), and compares with dcmtk's PNG (GDCM's decode where dcmtk cannot): every sample equal for
 * colour and for grey of at most 8 bits, within one grey level for deeper grey (issue 18); files
 * that differ more are listed with their reason. Every index row is compared, compared with a
 * twin's reference, or listed as having none. Our PNG encoder writes what we compare, so the
 * encoder is exercised too.
 */
class DcmtkRenderConformanceTest {

  /** Files that differ from dcmtk on purpose, with the reason (docs/rendering.md lists them). */
  static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
      "pydicom/test_files/rtdose_expb.dcm",
      "dcmtk assembles 32-bit big-endian OW pixel data from 16-bit words in the wrong order; we "
          + "render the same image as rtdose.dcm (rendersBigEndian32BitLikeLittleEndian)",
      "pydicom/test_files/rtdose_expb_1frame.dcm",
      "same dcmtk big-endian 32-bit quirk as rtdose_expb.dcm",
      "pydicom/test_files/examples_overlay.dcm",
      "dcmj2pnm burns the overlay plane (60xx,3000) into the image; we render pixel data only "
          + "(222 samples at 0 vs 255, the rest exact)",
      "pydicom/pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm",
      "dcmj2pnm burns the overlay plane into the image; we render pixel data only (323 samples)",
      "pydicom/pydicom-data/eCT_Supplemental.dcm",
      "dcmj2pnm ignores the Supplemental Palette Color LUT (Pixel Presentation COLOR) and renders "
          + "grey; we colour stored values >= 1024 (PS3.3 C.8.16.2.1.1.2; "
          + "SupplementalPaletteTest compares the grey part with dcmj2pnm)");

  /** A file allowed more than the default tolerance, with the measured reason. */
  record Tolerance(int maxDiff, String reason) {}

  /**
   * Files that need more than the default (0 for colour and grey up to 8 bits, 1 otherwise).
   * Each is at its measured maximum, so any growth fails.
   */
  static final Map<String, Tolerance> TOLERANCES = Map.of(
      "pydicom/test_files/SC_ybr_full_422_uncompressed.dcm", new Tolerance(1,
          "YBR_FULL to RGB (PS3.3 C.7.6.3.1.2): our rounding of the conversion differs from "
              + "dcmtk's integer arithmetic by 1 in 29% of samples"),
      "pydicom/pydicom-data/SC_ybr_full_uncompressed.dcm", new Tolerance(2,
          "YBR_FULL to RGB rounding, as above (max 2)"),
      "pydicom/pydicom-data/JLSL_08_07_0_1F.dcm", new Tolerance(1,
          "7-bit data under the min/max window: output rounding of the linear VOI function "
              + "differs from dcmtk's by 1 in 17% of samples (decoding is exact: JpegLsCorpusTest)"),
      "pydicom/pydicom-data/JPGLosslessP14SV1_1s_1f_8b.dcm", new Tolerance(1,
          "min/max window output rounding, as above, in 8% of samples"));

  @org.junit.jupiter.api.Test
  void rendersBigEndian32BitLikeLittleEndian() throws IOException {
    Path corpus = Corpus.shared().resolve("pydicom/test_files");
    for (int frame : new int[] {0, 7, 14}) {
      byte[] le = renderRaw(corpus.resolve("rtdose.dcm"), frame);
      byte[] be = renderRaw(corpus.resolve("rtdose_expb.dcm"), frame);
      org.junit.jupiter.api.Assertions.assertArrayEquals(le, be, "frame " + frame);
    }
  }

  private static byte[] renderRaw(Path file, int frame) throws IOException {
    try (FileByteSource src = FileByteSource.open(file)) {
      ParseResult parsed = DicomReader.read(src, ReadOptions.defaults());
      return Renderer.render(PixelData.of(parsed, src), RenderRequest.firstFrame()
          .withFrame(frame).withVoi(RenderRequest.VoiPreference.MIN_MAX)).bytes();
    }
  }

  /**
   * Index rows dcmtk could not render, rendered against the dcmtk PNG of the same image in
   * another transfer syntax (pydicom-data's liver series holds one image in every syntax).
   */
  static final Map<String, String> TWINS = Map.of(
      "pydicom/pydicom-data/liver_rle.dcm", "pydicom/pydicom-data/liver.dcm",
      "pydicom/pydicom-data/liver_deflate.dcm", "pydicom/pydicom-data/liver.dcm",
      "pydicom/pydicom-data/liver_nonbyte_aligned_rle.dcm",
      "pydicom/pydicom-data/liver_nonbyte_aligned.dcm",
      "pydicom/pydicom-data/liver_nonbyte_aligned_deflate.dcm",
      "pydicom/pydicom-data/liver_nonbyte_aligned.dcm");

  /**
   * Index rows for which no tool here (dcmtk, GDCM) makes a reference, with what Lightbox must do
   * instead; {@link #everyIndexRowIsComparedOrListed} fails on any row not compared and not here.
   */
  static final Map<String, String> NOT_RENDERED = Map.of(
      "pydicom/pydicom-data/liver_rle.dcm",
      "CORRUPT: RLE with Bits Allocated 1 is not decoded (dcmtk refuses it too)",
      "pydicom/pydicom-data/liver_nonbyte_aligned_rle.dcm",
      "CORRUPT: RLE with Bits Allocated 1 is not decoded (dcmtk refuses it too)",
      "pydicom/test_files/JPEG2000-embedded-sequence-delimiter.dcm",
      "CORRUPT: a sequence delimiter inside the codestream; dcmtk and GDCM refuse it too",
      "pydicom/test_files/meta_missing_tsyntax.dcm",
      "INVALID_IMAGE: a header-only file (no Rows)",
      "pydicom/test_files/nested_priv_SQ.dcm",
      "INVALID_IMAGE: a header-only file (no Rows)");

  /**
   * Index rows neither dcmtk nor GDCM 3.0.21 can decode (HTJ2K), whose decoded samples are
   * compared instead with OpenJPH's {@code ojph_expand} and OpenJPEG's {@code opj_decompress} in
   * {@code HtSharedCorpusTest}. Both are 8-bit RGB, which renders its samples unchanged (no VOI,
   * PS3.3 C.7.6.3.1.2), so the rendered image must equal the decoded frame exactly.
   */
  static final Map<String, String> CODEC_ORACLE = Map.of(
      "pydicom/pydicom-data/HTJ2KLossless_08_RGB.dcm", "HtSharedCorpusTest (ojph_expand)",
      "pydicom/pydicom-data/HTJ2K_08_RGB.dcm", "HtSharedCorpusTest (ojph_expand)");

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecOracleFiles")
  void filesCheckedByTheirCodecOracleRenderTheirDecodedSamples(String file) throws IOException {
    try (FileByteSource src = FileByteSource.open(Corpus.shared().resolve(file))) {
      ParseResult parsed = DicomReader.read(src, ReadOptions.defaults());
      PixelData pixels = PixelData.of(parsed, src);
      int[] samples = pixels.frame(0).samples();
      byte[] rendered = Renderer.render(pixels, RenderRequest.firstFrame()).bytes();
      org.junit.jupiter.api.Assertions.assertEquals(samples.length, rendered.length, file);
      for (int i = 0; i < samples.length; i++) {
        if (samples[i] != (rendered[i] & 0xFF)) {
          fail(file + ": rendered byte " + i + " is " + (rendered[i] & 0xFF)
              + ", decoded sample " + samples[i]);
        }
      }
    }
  }

  static Stream<String> codecOracleFiles() {
    return CODEC_ORACLE.keySet().stream().sorted();
  }

  /** Index rows with a dcmtk command (column png_cmd), minus those dcmtk refused. */
  static List<String[]> renderedRows() throws IOException {
    List<String> lines = Files.readAllLines(Corpus.shared().resolve("ref/index.tsv"));
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      if (!f[15].equals("-")) {
        rows.add(f);
      }
    }
    return rows;
  }

  static Path reference(Path corpus, String file) {
    for (String suffix : new String[] {".png", ".gdcm.png"}) {
      Path ref = corpus.resolve("ref/" + file + suffix);
      if (Files.exists(ref)) {
        return ref;
      }
    }
    return null;
  }

  static Stream<Arguments> files() throws IOException {
    Path corpus = Corpus.shared();
    List<Arguments> out = new ArrayList<>();
    for (String[] f : renderedRows()) {
      Path ref = reference(corpus, TWINS.getOrDefault(f[0], f[0]));
      if (ref != null && !NOT_RENDERED.containsKey(f[0])) {
        Tolerance listed = TOLERANCES.get(f[0]);
        out.add(Arguments.of(f[0], corpus.resolve("ref").relativize(ref).toString(),
            f[16].contains("+Wm"), listed != null ? listed.maxDiff() : defaultTolerance(f)));
      }
    }
    return out.stream();
  }

  /**
   * Exact for colour and for grey of at most 8 bits stored (no rounding choice in the VOI
   * output); within one grey level for deeper grey, where dcmtk's and our VOI rounding differ.
   */
  static int defaultTolerance(String[] row) {
    boolean colour = !row[4].startsWith("MONOCHROME");
    return colour || (!row[8].equals("-") && Integer.parseInt(row[8]) <= 8) ? 0 : 1;
  }

  @org.junit.jupiter.api.Test
  void everyIndexRowIsComparedOrListed() throws IOException {
    Path corpus = Corpus.shared();
    List<String> unaccounted = new ArrayList<>();
    int compared = 0;
    for (String[] f : renderedRows()) {
      boolean hasReference = reference(corpus, TWINS.getOrDefault(f[0], f[0])) != null;
      if (!hasReference && !NOT_RENDERED.containsKey(f[0]) && !CODEC_ORACLE.containsKey(f[0])) {
        unaccounted.add(f[0] + " has no reference and is not listed");
      }
      compared += hasReference && !NOT_RENDERED.containsKey(f[0]) ? 1 : 0;
    }
    org.junit.jupiter.api.Assertions.assertEquals(List.of(), unaccounted);
    org.junit.jupiter.api.Assertions.assertEquals(EXPECTED_COMPARED, compared,
        "rows compared with a dcmtk or GDCM reference");
  }

  private static final int EXPECTED_COMPARED = 165;

  @ParameterizedTest(name = "{0}")
  @MethodSource("noReferenceFiles")
  void filesWithoutAReferenceFailAsListed(String file, String expected) throws IOException {
    String reason = expected.substring(0, expected.indexOf(':'));
    try (FileByteSource src = FileByteSource.open(Corpus.shared().resolve(file))) {
      ParseResult parsed = DicomReader.read(src, ReadOptions.defaults());
      PixelDataException e = org.junit.jupiter.api.Assertions.assertThrows(
          PixelDataException.class, () -> Renderer.render(PixelData.of(parsed, src),
              RenderRequest.firstFrame()));
      org.junit.jupiter.api.Assertions.assertEquals(reason, e.reason().name(), e.getMessage());
    }
  }

  static Stream<Arguments> noReferenceFiles() {
    return NOT_RENDERED.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("files")
  void rendersLikeDcmtk(String file, String refName, boolean minMax, int tolerance)
      throws IOException {
    Path corpus = Corpus.shared();
    Path refPath = corpus.resolve("ref").resolve(refName);
    BufferedImage ref = ImageIO.read(refPath.toFile());
    byte[] png;
    try (FileByteSource src = FileByteSource.open(corpus.resolve(file))) {
      ParseResult parsed = DicomReader.read(src, ReadOptions.defaults());
      RenderRequest request = RenderRequest.firstFrame().withVoi(minMax
          ? RenderRequest.VoiPreference.MIN_MAX : RenderRequest.VoiPreference.FILE);
      RenderedImage img = Renderer.render(PixelData.of(parsed, src), request);
      png = new PngEncoder().encode(img);
    }
    BufferedImage ours = ImageIO.read(new ByteArrayInputStream(png));
    String verdict = compare(ours, ref, tolerance);
    if (TOLERANCES.containsKey(file)) {
      assertTrue(compare(ours, ref, tolerance - 1) != null, file + " is listed with tolerance "
          + tolerance + " but now needs less: lower or unlist it");
    }
    String known = KNOWN_DIFFERENCES.get(file);
    if (known != null) {
      assertTrue(verdict != null, file + " is a listed difference (" + known
          + ") but now matches dcmtk: unlist it");
      return;
    }
    if (verdict != null) {
      fail(file + ": " + verdict);
    }
  }

  /** Null when every sample is within {@code tolerance}, else a description of the difference. */
  static String compare(BufferedImage ours, BufferedImage ref, int tolerance) {
    if (ours.getWidth() != ref.getWidth() || ours.getHeight() != ref.getHeight()) {
      return "size " + ours.getWidth() + "x" + ours.getHeight() + " vs " + ref.getWidth() + "x"
          + ref.getHeight();
    }
    Raster a = ours.getRaster();
    Raster b = ref.getRaster();
    int bands = Math.min(a.getNumBands(), b.getNumBands());
    if (a.getNumBands() != b.getNumBands()) {
      return "bands " + a.getNumBands() + " vs " + b.getNumBands();
    }
    long sum = 0;
    long over = 0;
    long n = 0;
    int max = 0;
    String first = null;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        for (int c = 0; c < bands; c++) {
          int d = Math.abs(a.getSample(x, y, c) - b.getSample(x, y, c));
          sum += d;
          if (d > tolerance) {
            over++;
            if (first == null) {
              first = "(" + x + "," + y + "," + c + ") ours " + a.getSample(x, y, c) + " dcmtk "
                  + b.getSample(x, y, c);
            }
          }
          max = Math.max(max, d);
          n++;
        }
      }
    }
    if (over == 0) {
      return null;
    }
    return String.format("%d of %d samples off by more than %d (max %d, mean %.3f), first %s",
        over, n, tolerance, max, (double) sum / n, first);
  }
}
