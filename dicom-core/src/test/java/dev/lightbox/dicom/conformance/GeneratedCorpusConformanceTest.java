package dev.lightbox.dicom.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Strictness;
import dev.lightbox.dicom.json.BulkDataUris;
import dev.lightbox.dicom.json.DicomJsonWriter;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus scripts/corpus/dcmtk.sh generates (every dataset encoding made by dcmconv and
 * gdcmconv, a dump2dcm file with every VR dcmtk writes, UTF-8 via dcmodify): our DICOM JSON equals
 * dcm2json's after the {@link JsonComparison} normalisation of docs/conformance.md.
 */
class GeneratedCorpusConformanceTest {

  static Path dir() {
    return Corpus.generated("dcmtk");
  }

  static Stream<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      List<String> names = s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".dcm")).sorted().toList();
      return names.stream();
    }
  }

  @Test
  void theGeneratedCorpusCoversEveryDatasetEncoding() throws IOException {
    List<String> names = files().toList();
    for (String variant : List.of("dcmconv-ti", "dcmconv-te", "dcmconv-tb", "dcmconv-td",
        "dcmconv-te-undef", "gdcm-implicit", "gdcm-explicit")) {
      assertTrue(names.stream().anyMatch(n -> n.contains("." + variant + ".")), variant);
    }
    assertTrue(names.stream().anyMatch(n -> n.startsWith("vrs.")), "dump2dcm VR file");
  }

  /**
   * The files scripts/corpus/dcmtk.sh made, and exactly the ones it dropped: GDCM writes private
   * and UN sequences dcm2json cannot convert (each checked by hand). Any other loss fails.
   */
  @Test
  void generatorProducedTheExpectedFilesAndDroppedOnlyTheKnownOnes() throws IOException {
    assertEquals(122, files().count(), "generated files");
    List<String> skipped = Files.readAllLines(dir().resolve("skipped.txt")).stream().sorted()
        .toList();
    List<String> expected = new java.util.ArrayList<>();
    for (String name : List.of("UN_sequence", "nested_priv_SQ", "priv_SQ")) {
      // gdcmconv fails on these (leaving a partial file), then dcm2json fails on that file.
      expected.add(name + ".gdcm-explicit.dcm: dcm2json failed or wrote invalid UTF-8");
      expected.add(name + ".gdcm-explicit.dcm: gdcmconv -X failed");
      expected.add(name + ".gdcm-implicit.dcm: dcm2json failed or wrote invalid UTF-8");
      expected.add(name + ".gdcm-implicit.dcm: gdcmconv -M failed");
    }
    assertEquals(expected.stream().sorted().toList(), skipped);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void matchesDcm2Json(String name) throws IOException {
    Path file = dir().resolve(name);
    Path refPath = dir().resolve(name.replaceAll("\\.dcm$", ".json"));
    JsonObject ref = JsonParser.parseString(Files.readString(refPath, StandardCharsets.UTF_8))
        .getAsJsonObject();
    JsonObject ours;
    try (FileByteSource src = FileByteSource.open(file)) {
      // dcmtk and gdcm write conformant files: the strict reader must accept every one.
      ParseResult result = DicomReader.read(src,
          ReadOptions.defaults().withStrictness(Strictness.STRICT));
      assertTrue(result.problems().isEmpty(), result.problems().toString());
      ours = JsonParser.parseString(new DicomJsonWriter(src, Integer.MAX_VALUE,
          BulkDataUris.NONE).toJson(result.dataset())).getAsJsonObject();
    }
    assertFalse(ours.keySet().isEmpty());
    JsonComparison cmp = new JsonComparison(Set.of("00080005"));
    cmp.compareDatasets("", ours, ref);
    if (!cmp.differences().isEmpty()) {
      fail(name + ": " + cmp.differences().size() + " differences:\n  "
          + String.join("\n  ", cmp.differences().subList(0, Math.min(20,
              cmp.differences().size()))));
    }
  }
}
