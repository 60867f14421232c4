package dev.lightbox.http;

import static dev.lightbox.http.LightboxServerTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.reliability.GeneratedDicom;
import dev.lightbox.http.testing.Ci;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /studies/{study}/archive} and the series variant: the ZIP holds exactly the study's
 * (or series') original files, byte for byte, under {@code Study/Series/SOP.dcm}; a client that
 * reads a truncated archive can tell. Archives are checked with java.util.zip and with Info-ZIP's
 * {@code unzip -t}, an independent reader.
 */
class ArchiveTest {
  static final String STUDY = "2.25.7001";
  static final String SERIES_A = "2.25.7001.1";
  static final String SERIES_B = "2.25.7001.2";
  static final String OTHER_STUDY = "2.25.7002";

  @TempDir Path data;
  @TempDir Path scratch;
  LightboxServer server;
  TestClient client;
  /** Entry name the archive must use → the bytes uploaded. */
  final Map<String, byte[]> study = new TreeMap<>();
  final Map<String, byte[]> other = new LinkedHashMap<>();

  @BeforeEach
  void start() throws Exception {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data));
    client = new TestClient(server.baseUrl());
    Random random = new Random(7);
    for (int i = 1; i <= 4; i++) {
      String series = i <= 3 ? SERIES_A : SERIES_B;
      String sop = STUDY + ".9." + i;
      study.put(STUDY + "/" + series + "/" + sop + ".dcm", upload(sop, STUDY, series, random));
    }
    String sop = OTHER_STUDY + ".9.1";
    other.put(OTHER_STUDY + "/" + OTHER_STUDY + ".1/" + sop + ".dcm",
        upload(sop, OTHER_STUDY, OTHER_STUDY + ".1", random));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private byte[] upload(String sop, String studyUid, String seriesUid, Random random)
      throws Exception {
    int side = 64 + random.nextInt(64);
    byte[] pixels = new byte[side * side * 2];
    for (int i = 0; i < pixels.length; i += 2) {
      pixels[i] = (byte) random.nextInt(256); // 12-bit values: the high byte stays below 16
      pixels[i + 1] = (byte) random.nextInt(16);
    }
    byte[] file = GeneratedDicom.build(sop, studyUid, seriesUid, side, side, pixels);
    HttpResponse<byte[]> r = client.send(client.request("/instances")
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build());
    assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return file;
  }

  /** The entries of a ZIP read with java.util.zip, by name, with their bytes. */
  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        assertTrue(entries.put(e.getName(), in.readAllBytes()) == null, "duplicate " + e);
      }
    }
    return entries;
  }

  static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
    }
  }

  @Test
  void aStudyArchiveHoldsEveryOriginalFileOfTheStudyAndNothingElse() throws Exception {
    HttpResponse<byte[]> r = client.get("/studies/" + STUDY + "/archive");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("application/zip", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("attachment; filename=\"" + STUDY + ".zip\"",
        r.headers().firstValue("Content-Disposition").orElseThrow());
    assertSameFiles(study, unzip(r.body()));
    unzipTest(r.body());
  }

  @Test
  void aSeriesArchiveHoldsOnlyThatSeries() throws Exception {
    HttpResponse<byte[]> r = client.get("/studies/" + STUDY + "/series/" + SERIES_B
        + "/archive");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("attachment; filename=\"" + STUDY + "_" + SERIES_B + ".zip\"",
        r.headers().firstValue("Content-Disposition").orElseThrow());
    Map<String, byte[]> expected = new TreeMap<>();
    study.forEach((name, bytes) -> {
      if (name.startsWith(STUDY + "/" + SERIES_B + "/")) {
        expected.put(name, bytes);
      }
    });
    assertEquals(1, expected.size());
    assertSameFiles(expected, unzip(r.body()));
    assertSameFiles(other, unzip(client.get("/studies/" + OTHER_STUDY + "/archive").body()));
  }

  @Test
  void headAnswersTheArchiveHeadersWithoutABody() throws Exception {
    HttpResponse<byte[]> r = client.send(client.request("/studies/" + STUDY + "/archive")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, r.statusCode());
    assertEquals("application/zip", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(0, r.body().length);
    assertEquals(404, client.send(client.request("/studies/2.25.999/archive")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
  }

  @Test
  void unknownStudiesAndSeriesAre404AndBadUidsAre400() throws Exception {
    assertProblem(client.get("/studies/2.25.999/archive"), 404);
    assertProblem(client.get("/studies/" + STUDY + "/series/2.25.999/archive"), 404);
    assertProblem(client.get("/studies/" + OTHER_STUDY + "/series/" + SERIES_A + "/archive"),
        404);
    assertProblem(client.get("/studies/not..a-uid/archive"), 400);
  }

  @Test
  void theListingGivesWhatAnInterruptedDownloadNeedsToResumeInstanceByInstance()
      throws Exception {
    // docs/http-api.md: list the study's instances, keep the files whose SHA-256 matches, fetch
    // the others from /instances/{id}/file and save them under the archive's entry names.
    var listing = TestClient.json(client.get("/instances?StudyInstanceUID=" + STUDY));
    assertEquals(4, listing.get("total").getAsInt(), listing.toString());
    for (var element : listing.getAsJsonArray("items")) {
      var item = element.getAsJsonObject();
      String id = item.get("id").getAsString();
      String name = item.get("studyInstanceUid").getAsString() + "/"
          + item.get("seriesInstanceUid").getAsString() + "/" + id + ".dcm";
      byte[] expected = study.get(name);
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(expected)), item.get("sha256").getAsString(), name);
      assertArrayEquals(expected, client.get("/instances/" + id + "/file").body(), id);
    }
  }

  @Test
  void aStoredFileThatCannotBeReadMidwayCutsTheArchiveVisibly() throws Exception {
    // The third file's blob disappears from disk while its index row stays (a damaged store):
    // the first two files are already sent when the archive reaches it.
    byte[] third = study.get(STUDY + "/" + SERIES_A + "/" + STUDY + ".9.3.dcm");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(third));
    try (var files = Files.walk(data.resolve("blobs"))) {
      Path blob = files.filter(p -> p.getFileName().toString().equals(sha)).findFirst()
          .orElseThrow(() -> new AssertionError("blob " + sha + " not found under " + data));
      Files.delete(blob);
    }
    // Either the transfer fails (no final chunk), or what arrived has no central directory.
    try {
      HttpResponse<byte[]> r = client.get("/studies/" + STUDY + "/archive");
      assertEquals(200, r.statusCode());
      Path partial = scratch.resolve("partial.zip");
      Files.write(partial, r.body());
      assertThrows(IOException.class, () -> new java.util.zip.ZipFile(partial.toFile()).close(),
          "a truncated archive must not read as complete");
    } catch (IOException expected) {
      // the connection was cut before the chunked body ended: the client knows it is incomplete
    }
    assertEquals(200, client.get("/health/live").statusCode(), "the server serves on");
  }

  /** Info-ZIP's {@code unzip -t} agrees that the archive is whole and every CRC matches. */
  private void unzipTest(byte[] zip) throws Exception {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/unzip"));
    Ci.require(installed, "unzip is not installed (apt-get install unzip)");
    Path file = scratch.resolve("archive.zip");
    Files.write(file, zip);
    Process p = new ProcessBuilder("unzip", "-t", file.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("No errors detected"), out);
    for (String name : study.keySet()) {
      assertTrue(out.contains("testing: " + name), out);
    }
  }
}
