package dev.lightbox.dicom.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every pydicom corpus file that dcmtk's dcm2json could convert, our DICOM JSON equals
 * dcm2json's after the normalisation in {@link JsonComparison} (listed in docs/conformance.md).
 */
class Dcm2JsonConformanceTest {

  /** Known, documented differences: file → reason. Each must still differ (kept honest below). */
  static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

  /**
   * A reference that is not valid UTF-8, the one value that makes it so (item 0 of a sequence)
   * and the value the standard gives for it.
   */
  record NotUtf8(String sequence, String element, String expected, String source) {
    JsonObject locate(JsonObject dataset) {
      return dataset.getAsJsonObject(sequence).getAsJsonArray("Value").get(0).getAsJsonObject()
          .getAsJsonObject(element);
    }
  }

  static final Map<String, NotUtf8> NOT_UTF8_REFERENCES = Map.of(
      "pydicom/charset_files/chrSQEncoding.dcm", new NotUtf8("00321064", "00100010",
          "\uFF94\uFF8F\uFF80\uFF9E^\uFF80\uFF9B\uFF73=\u5C71\u7530^\u592A\u90CE="
              + "\u3084\u307E\u3060^\u305F\u308D\u3046",
          "PS3.5 H.3.1 (ISO 2022 IR 13 \\ ISO 2022 IR 87 example Yamada^Tarou)"));

  /**
   * Index rows dcm2json could not convert (no reference), with why; every such row must be listed
   * so none is dropped silently, and each list entry must still be a failed row.
   */
  static final Map<String, String> NO_REFERENCE = Map.ofEntries(
      Map.entry("pydicom/charset_files/chrH31.dcm", "dcm2json rc=80: ISO 2022 Japanese"),
      Map.entry("pydicom/charset_files/chrH32.dcm", "dcm2json rc=80: ISO 2022 Japanese"),
      Map.entry("pydicom/charset_files/chrJapMulti.dcm", "dcm2json rc=80: ISO 2022 Japanese"),
      Map.entry("pydicom/charset_files/chrJapMultiExplicitIR6.dcm",
          "dcm2json rc=80: ISO 2022 Japanese"),
      Map.entry("pydicom/charset_files/chrSQEncoding1.dcm", "dcm2json rc=80: ISO 2022 Japanese"),
      Map.entry("pydicom/pydicom-data/explicit_VR-UN.dcm", "dcm2json rc=80 on UN values"),
      Map.entry("pydicom/test_files/J2K_pixelrep_mismatch.dcm", "dcm2json rc=80"),
      Map.entry("pydicom/pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm",
          "truncated file: dcmtk refuses it (BadInputTest covers our refusal)"),
      Map.entry("pydicom/test_files/MR_truncated.dcm", "truncated file"),
      Map.entry("pydicom/test_files/SC_rgb_jpeg.dcm", "dcmtk cannot read it (rc=20)"),
      Map.entry("pydicom/test_files/no_meta.dcm", "no file meta: dcm2json refuses it"),
      Map.entry("pydicom/test_files/rtplan_truncated.dcm", "truncated file"));

  @org.junit.jupiter.api.Test
  void everyIndexRowIsComparedOrListed() throws IOException {
    List<String> lines = Files.readAllLines(Corpus.shared().resolve("ref/index.tsv"));
    java.util.Set<String> failed = new java.util.TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      if (!f[14].equals("full") && !f[14].equals("nopixel")) {
        failed.add(f[0]);
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(new java.util.TreeSet<>(NO_REFERENCE.keySet()),
        failed);
    org.junit.jupiter.api.Assertions.assertEquals(242, files().count(), "compared files");
  }

  static Stream<Arguments> files() throws IOException {
    Path corpus = Corpus.shared();
    List<Arguments> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(corpus.resolve("ref/index.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      String json = f[14];
      if (json.equals("full") || json.equals("nopixel")) {
        out.add(Arguments.of(f[0], json.equals("nopixel")));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void matchesDcm2Json(String file, boolean refWithoutPixelData) throws IOException {
    Path corpus = Corpus.shared();
    Path refPath = corpus.resolve("ref/" + file + (refWithoutPixelData ? ".nopixel.json" : ".json"));
    byte[] refBytes = Files.readAllBytes(refPath);
    String refText = decodeUtf8(refBytes);
    JsonObject ours;
    try (FileByteSource src = FileByteSource.open(corpus.resolve(file))) {
      ParseResult result = DicomReader.read(src, ReadOptions.defaults());
      String json = new DicomJsonWriter(src, Integer.MAX_VALUE, BulkDataUris.NONE)
          .toJson(result.dataset());
      ours = JsonParser.parseString(json).getAsJsonObject();
    }
    JsonObject ref;
    if (refText != null) {
      ref = JsonParser.parseString(refText).getAsJsonObject();
    } else {
      // dcm2json copies values of an item with its own Specific Character Set as raw bytes, and
      // dcmconv +U8 cannot convert them either: no tool here makes a UTF-8 reference. The value
      // is checked against the standard's example instead; everything else against dcm2json.
      NotUtf8 listed = NOT_UTF8_REFERENCES.get(file);
      assertTrue(listed != null, file + ": dcm2json reference is not valid UTF-8 and the file is "
          + "not listed in NOT_UTF8_REFERENCES");
      ref = JsonParser.parseString(new String(refBytes, StandardCharsets.ISO_8859_1))
          .getAsJsonObject();
      JsonObject oursValue = listed.locate(ours);
      org.junit.jupiter.api.Assertions.assertEquals(listed.expected(),
          oursValue.getAsJsonArray("Value").get(0).getAsJsonObject().get("Alphabetic")
              .getAsString() + "=" + oursValue.getAsJsonArray("Value").get(0).getAsJsonObject()
              .get("Ideographic").getAsString() + "=" + oursValue.getAsJsonArray("Value").get(0)
              .getAsJsonObject().get("Phonetic").getAsString(), listed.source());
      JsonObject refItem = ref.getAsJsonObject(listed.sequence()).getAsJsonArray("Value").get(0)
          .getAsJsonObject();
      refItem.add(listed.element(), oursValue);
    }
    Set<String> ignored = refWithoutPixelData
        ? Set.of("00080005", "7FE00010", "7FE00008", "7FE00009", "FFFCFFFC")
        : Set.of("00080005");
    JsonComparison cmp = new JsonComparison(ignored);
    cmp.compareDatasets("", ours, ref);
    String known = KNOWN_DIFFERENCES.get(file);
    if (known != null) {
      assertTrue(!cmp.differences().isEmpty(),
          file + " is listed as a known difference (" + known + ") but now matches: unlist it");
      return;
    }
    if (!cmp.differences().isEmpty()) {
      fail(file + ": " + cmp.differences().size() + " differences:\n  "
          + String.join("\n  ", cmp.differences().subList(0, Math.min(20,
              cmp.differences().size()))));
    }
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
