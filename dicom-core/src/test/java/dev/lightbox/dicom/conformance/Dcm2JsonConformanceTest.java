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
    String refText = decodeUtf8(Files.readAllBytes(refPath));
    if (refText == null) {
      return; // corpus README: a few dcm2json outputs are not valid UTF-8; treat as absent
    }
    JsonObject ref = JsonParser.parseString(refText).getAsJsonObject();
    JsonObject ours;
    try (FileByteSource src = FileByteSource.open(corpus.resolve(file))) {
      ParseResult result = DicomReader.read(src, ReadOptions.defaults());
      String json = new DicomJsonWriter(src, Integer.MAX_VALUE, BulkDataUris.NONE)
          .toJson(result.dataset());
      ours = JsonParser.parseString(json).getAsJsonObject();
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
