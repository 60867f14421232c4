package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of the shared corpus' peers/ and pydicom/ trees (DICOM or not: the server must cope
 * with whatever a client sends) gets exactly the answer listed in corpus-upload-expected.tsv:
 * which files are stored and which are refused, with the status and problem type. Files that
 * dcmtk's dcmdump refuses (ref/index.tsv) must be refused, except the two files {@code lightbox
 * dump} repairs, kept apart below.
 */
class CorpusUploadTest {
  @TempDir Path data;

  /**
   * Files dcmtk refuses that ingest stores, because {@code lightbox dump} (the whole-file reader,
   * which ingest's streaming validation answers like, issue 13) reads them with a repair and a
   * warning: both end exactly after their last complete fragment without the sequence delimiter
   * (PS3.5 §A.4), and SC_rgb_jpeg's dataset is implicit VR under an explicit-VR transfer syntax.
   * No fragment is cut. emri's 409 is its SOP Instance UID, already stored by an earlier file.
   * MR_truncated, cut inside a value, is now refused (422) and listed in the table.
   */
  static final Map<String, String> DUMP_ACCEPTS = Map.of(
      "pydicom/test_files/SC_rgb_jpeg.dcm", "201 stored",
      "pydicom/pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm",
      "409 /problems/conflict");

  @Test
  void everyCorpusFileGetsItsListedAnswer() throws Exception {
    Corpus.dir("peers");
    Path root = Corpus.dir("pydicom").getParent();
    List<Path> files;
    try (Stream<Path> a = Files.walk(root.resolve("peers"));
        Stream<Path> b = Files.walk(root.resolve("pydicom"))) {
      files = Stream.concat(a, b).filter(Files::isRegularFile).sorted().toList();
    }
    Map<String, String> actual = new TreeMap<>();
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data).withMaxUploadBytes(64L << 20))) {
      TestClient client = new TestClient(server.baseUrl());
      for (Path f : files) {
        HttpResponse<byte[]> r = client.upload(f);
        int status = r.statusCode();
        String outcome;
        if (status >= 200 && status < 300) {
          outcome = status + " " + TestClient.json(r).get("status").getAsString();
        } else {
          assertEquals("application/problem+json",
              r.headers().firstValue("Content-Type").orElse(""), f + ": " + status);
          JsonObject p = TestClient.json(r);
          outcome = status + " " + p.get("type").getAsString();
        }
        actual.put(root.relativize(f).toString(), outcome);
      }
    }
    Map<String, String> truncated = new TreeMap<>();
    for (String file : DUMP_ACCEPTS.keySet()) {
      truncated.put(file, actual.remove(file));
    }
    assertEquals(new TreeMap<>(DUMP_ACCEPTS), truncated, "dump-accepts group changed");
    Map<String, String> expected = expected();
    List<String> differences = new ArrayList<>();
    for (String file : new java.util.TreeSet<>(union(expected.keySet(), actual.keySet()))) {
      if (!java.util.Objects.equals(expected.get(file), actual.get(file))) {
        differences.add(file + ": expected " + expected.get(file) + ", got " + actual.get(file));
      }
    }
    assertEquals(List.of(), differences);
    assertEquals(323, files.size(), "corpus files");
  }

  /** Files dcmtk refuses are refused, or are in the issue 13 group: an oracle for the table. */
  @Test
  void filesDcmtkRefusesAreNotStoredByTheTable() throws Exception {
    Path index = Corpus.file("ref/index.tsv");
    Map<String, String> expected = expected();
    List<String> accepted = new ArrayList<>();
    List<String> lines = Files.readAllLines(index);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      if (!f[13].equals("0") && !DUMP_ACCEPTS.containsKey(f[0])
          && !expected.getOrDefault(f[0], "4").startsWith("4")) {
        accepted.add(f[0] + " -> " + expected.get(f[0]));
      }
    }
    assertEquals(List.of(), accepted);
  }

  private static Map<String, String> expected() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (var in = CorpusUploadTest.class.getResourceAsStream("corpus-upload-expected.tsv")) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        expected.put(f[0], f[1] + " " + f[2]);
      }
    }
    return expected;
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
