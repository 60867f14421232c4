package dev.lightbox.http.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DIMSE listener of {@code lightbox serve} against real dcmtk peers: what storescu sends is
 * ingested (same dedupe and conflict rules as HTTP) and served back unchanged; findscu is answered
 * from the index at every level of both models; movescu (to a storescp the test starts) and getscu
 * deliver the stored instances. Expected values come from dcmdump of the originals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimseServerTest {
  /** Five instances of five studies; patient names are ASCII for findscu's command line. */
  private static final List<String> FILES = List.of("CT_small.dcmconv-te.dcm",
      "MR_small.dcmconv-te.dcm", "rtplan.dcmconv-te.dcm",
      "rtstruct.dcmconv-te.dcm", "reportsi.dcmconv-te.dcm");

  @TempDir static Path data;
  @TempDir static Path work;
  private LightboxServer server;
  private int dicomPort;
  private int storescpPort;
  private List<Path> originals;

  @BeforeAll
  void start() throws Exception {
    for (String tool : List.of("echoscu", "storescu", "findscu", "movescu", "getscu",
        "storescp", "dcmdump", "dcmodify")) {
      DcmtkRun.requireTool(tool);
    }
    originals = new ArrayList<>();
    for (String f : FILES) {
      originals.add(DcmtkRun.generated(f));
    }
    storescpPort = DcmtkRun.freePort();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data),
        DicomConfig.off().withPort(0).withPeers(List.of(
            new RemoteAe("STORESCP", "127.0.0.1", storescpPort))));
    dicomPort = server.dicomPort().orElseThrow();
    List<String> store = new ArrayList<>(List.of("storescu", "-v", "-aec", "LIGHTBOX", "127.0.0.1",
        String.valueOf(dicomPort)));
    originals.forEach(p -> store.add(p.toString()));
    DcmtkRun.Result r = DcmtkRun.run(120, store);
    assertEquals(0, r.exitCode(), r.output());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void echoscuIsAnswered() throws Exception {
    DcmtkRun.Result r = DcmtkRun.run(60, "echoscu", "-aec", "LIGHTBOX", "127.0.0.1",
        String.valueOf(dicomPort));
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void everyStoredFileHasTheOriginalDataSet() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (Path original : originals) {
      String uid = DcmtkRun.value(original, "0008,0018");
      Path stored = work.resolve(uid + ".dcm");
      HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(
          server.baseUrl() + "instances/" + uid + "/file")).build(),
          HttpResponse.BodyHandlers.ofFile(stored));
      assertEquals(200, response.statusCode(), original.toString());
      assertEquals(DcmtkRun.datasetDump(original), DcmtkRun.datasetDump(stored),
          original.toString());
      // The File Meta Information built from the C-STORE: the SOP Instance UID of the command
      // and the presentation context's transfer syntax (storescu sends the file as it is).
      assertEquals(uid, DcmtkRun.value(stored, "0002,0003"));
      assertEquals("1.2.840.10008.1.2.1", DcmtkRun.value(stored, "0002,0010"));
    }
  }

  @Test
  void sendingTheSameInstanceAgainSucceedsAndConflictingContentIsRefused() throws Exception {
    Path ct = originals.get(0);
    DcmtkRun.Result again = DcmtkRun.run(60, "storescu", "-aec", "LIGHTBOX", "127.0.0.1",
        String.valueOf(dicomPort), ct.toString());
    assertEquals(0, again.exitCode(), again.output());

    Path changed = work.resolve("changed.dcm");
    Files.copy(ct, changed);
    DcmtkRun.Result m = DcmtkRun.run(60, "dcmodify", "-nb", "-m",
        "(0010,0010)=Changed^Name", changed.toString());
    assertEquals(0, m.exitCode(), m.output());
    DcmtkRun.Result conflict = DcmtkRun.run(60, "storescu", "-v", "-aec", "LIGHTBOX",
        "127.0.0.1", String.valueOf(dicomPort), changed.toString());
    // 0111 Duplicate SOP Instance (PS3.7 C.5; dcmtk prints it "0x111"); the stored instance
    // is unchanged.
    assertTrue(conflict.output().contains("Unknown Status: 0x111)"), conflict.output());
    Path stored = work.resolve("after-conflict.dcm");
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "instances/" + DcmtkRun.value(ct, "0008,0018") + "/file")).build(),
        HttpResponse.BodyHandlers.ofFile(stored));
    assertEquals(DcmtkRun.value(ct, "0010,0010"), DcmtkRun.value(stored, "0010,0010"));
  }

  @Test
  void findscuStudyRootStudyLevelWildcard() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (Path f : originals) {
      if (DcmtkRun.value(f, "0010,0010").startsWith("CompressedSamples")) {
        expected.add(DcmtkRun.value(f, "0020,000d"));
      }
    }
    assertEquals(2, expected.size());
    assertEquals(expected, find("-S", "0020,000d", "QueryRetrieveLevel=STUDY",
        "PatientName=Compressed*", "StudyInstanceUID"));
    // Person names match case-sensitively by default (PS3.4 C.2.2.2.1).
    assertEquals(Set.of(), find("-S", "0020,000d", "QueryRetrieveLevel=STUDY",
        "PatientName=compressed*", "StudyInstanceUID"));
  }

  @Test
  void findscuPatientRootPatientLevelUniversal() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (Path f : originals) {
      expected.add(DcmtkRun.value(f, "0010,0020"));
    }
    assertEquals(expected, find("-P", "0010,0020", "QueryRetrieveLevel=PATIENT", "PatientID",
        "PatientName"));
  }

  @Test
  void findscuSeriesAndImageLevelsInBothModels() throws Exception {
    Path mr = originals.get(1);
    String study = DcmtkRun.value(mr, "0020,000d");
    Set<String> series = new TreeSet<>();
    Set<String> images = new TreeSet<>();
    for (Path f : originals) {
      if (DcmtkRun.value(f, "0020,000d").equals(study)) {
        series.add(DcmtkRun.value(f, "0020,000e"));
        images.add(DcmtkRun.value(f, "0008,0018"));
      }
    }
    assertEquals(1, images.size());
    assertEquals(series, find("-S", "0020,000e", "QueryRetrieveLevel=SERIES",
        "StudyInstanceUID=" + study, "SeriesInstanceUID", "Modality"));
    assertEquals(images, find("-S", "0008,0018", "QueryRetrieveLevel=IMAGE",
        "StudyInstanceUID=" + study, "SOPInstanceUID"));
    String patient = DcmtkRun.value(mr, "0010,0020");
    assertEquals(images, find("-P", "0008,0018", "QueryRetrieveLevel=IMAGE",
        "PatientID=" + patient, "StudyInstanceUID=" + study,
        "SeriesInstanceUID=" + String.join("\\", series), "SOPInstanceUID"));
  }

  @Test
  void findscuDateRange() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (Path f : originals) {
      String date = DcmtkRun.value(f, "0008,0020");
      if (!date.isEmpty() && date.compareTo("20040101") >= 0 && date.compareTo("20041231") <= 0) {
        expected.add(DcmtkRun.value(f, "0020,000d"));
      }
    }
    assertTrue(!expected.isEmpty());
    assertEquals(expected, find("-S", "0020,000d", "QueryRetrieveLevel=STUDY",
        "StudyDate=20040101-20041231", "StudyInstanceUID"));
  }

  @Test
  void movescuSendsTheStudyToAConfiguredPeerAndUnknownIsA801() throws Exception {
    Path received = Files.createDirectories(work.resolve("moved"));
    Process storescp = DcmtkRun.start(work.resolve("storescp.log"), List.of("storescp",
        "-aet", "STORESCP", "-od", received.toString(), String.valueOf(storescpPort)));
    try {
      Thread.sleep(500);
      Path mr = originals.get(1);
      String study = DcmtkRun.value(mr, "0020,000d");
      DcmtkRun.Result r = DcmtkRun.run(120, "movescu", "-v", "-S", "-aec", "LIGHTBOX",
          "-aem", "STORESCP", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID="
              + study, "127.0.0.1", String.valueOf(dicomPort));
      assertEquals(0, r.exitCode(), r.output());
      assertArrived(received, study);

      DcmtkRun.Result unknown = DcmtkRun.run(60, "movescu", "-v", "-S", "-aec", "LIGHTBOX",
          "-aem", "NOBODY", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID="
              + study, "127.0.0.1", String.valueOf(dicomPort));
      // A801 (PS3.4 C.4.2.1.5), which dcmtk names MoveDestinationUnknown.
      assertTrue(unknown.output().contains("Refused: MoveDestinationUnknown"), unknown.output());
    } finally {
      DcmtkRun.stop(storescp);
    }
  }

  @Test
  void getscuRetrievesTheStudyOnTheSameAssociation() throws Exception {
    Path received = Files.createDirectories(work.resolve("got"));
    String study = DcmtkRun.value(originals.get(1), "0020,000d");
    DcmtkRun.Result r = DcmtkRun.run(120, "getscu", "-v", "-S", "-aec", "LIGHTBOX", "-od",
        received.toString(), "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID="
            + study, "127.0.0.1", String.valueOf(dicomPort));
    assertEquals(0, r.exitCode(), r.output());
    assertArrived(received, study);
  }

  @Test
  void httpSendRoutesStoreIntoAPeerWithExplicitLittleEndianFallback() throws Exception {
    Path jpeg = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("target/generated-corpus/jpeg/gen/baseline_grey8_q100.dcm");
    // dcmtk's decoding of the same stream (scripts/corpus: dcmdjpeg), the expected pixels.
    Path decoded = jpeg.resolveSibling("baseline_grey8_q100.ref.dcm");
    assertEquals("1.2.840.10008.1.2.4.50", DcmtkRun.value(jpeg, "0002,0010"));
    // -R -xy: propose only JPEG Baseline, so the instance is stored as the stream it is.
    DcmtkRun.Result in = DcmtkRun.run(60, "storescu", "-R", "-xy", "-aec", "LIGHTBOX",
        "127.0.0.1", String.valueOf(dicomPort), jpeg.toString());
    assertEquals(0, in.exitCode(), in.output());
    Path received = Files.createDirectories(work.resolve("sent"));
    // storescp accepts only uncompressed syntaxes by default: the JPEG instance must be re-encoded.
    Process storescp = DcmtkRun.start(work.resolve("storescp-send.log"), List.of("storescp",
        "-aet", "STORESCP", "-od", received.toString(), String.valueOf(storescpPort)));
    try {
      Thread.sleep(500);
      HttpClient http = HttpClient.newHttpClient();
      String uid = DcmtkRun.value(jpeg, "0008,0018");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
          + "instances/" + uid + "/send?to=STORESCP")).POST(HttpRequest.BodyPublishers
          .noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"completed\":1") && r.body().contains("\"status\":\"0000\""),
          r.body());
      Path arrived = received.resolve(Files.list(received).findFirst().orElseThrow()
          .getFileName());
      assertEquals(uid, DcmtkRun.value(arrived, "0008,0018"));
      assertEquals("1.2.840.10008.1.2.1", DcmtkRun.value(arrived, "0002,0010"));
      assertEquals(pixelLine(decoded), pixelLine(arrived));

      Path mr = originals.get(1);
      HttpResponse<String> study = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
          + "dicomweb/studies/" + DcmtkRun.value(mr, "0020,000d") + "/send?to=STORESCP"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, study.statusCode(), study.body());
      assertTrue(study.body().contains(DcmtkRun.value(mr, "0008,0018")), study.body());

      HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(
          server.baseUrl() + "instances/" + uid + "/send?to=NOBODY")).POST(
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, unknown.statusCode(), unknown.body());
    } finally {
      DcmtkRun.stop(storescp);
    }
    HttpResponse<String> down = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "instances/" + DcmtkRun.value(jpeg, "0008,0018")
            + "/send?to=STORESCP")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(502, down.statusCode(), down.body());
    assertTrue(down.body().contains("peer-unreachable"), down.body());
  }

  /** The Pixel Data bytes as dcmdump prints them, OW words split into little-endian bytes. */
  private static String pixelLine(Path file) throws Exception {
    String line = DcmtkRun.datasetDump(file).lines().filter(l -> l.startsWith("(7fe0,0010)"))
        .findFirst().orElse("(7fe0,0010) xx none #");
    String values = line.substring(15, line.lastIndexOf(" #")).strip();
    StringBuilder bytes = new StringBuilder();
    for (String v : values.split("\\\\")) {
      bytes.append(v.length() == 4 ? v.substring(2) + v.substring(0, 2) : v);
    }
    return bytes.toString();
  }

  /** The instances of {@code study} arrived in {@code dir}, each with the original data set. */
  private void assertArrived(Path dir, String study) throws Exception {
    List<Path> got;
    try (Stream<Path> s = Files.list(dir)) {
      got = s.filter(Files::isRegularFile).toList();
    }
    int expected = 0;
    for (Path original : originals) {
      if (!DcmtkRun.value(original, "0020,000d").equals(study)) {
        continue;
      }
      expected++;
      String uid = DcmtkRun.value(original, "0008,0018");
      Path match = null;
      for (Path g : got) {
        if (DcmtkRun.value(g, "0008,0018").equals(uid)) {
          match = g;
        }
      }
      assertTrue(match != null, uid + " did not arrive: " + got);
      assertEquals(DcmtkRun.datasetDump(original), DcmtkRun.datasetDump(match));
    }
    assertEquals(expected, got.size());
  }

  /** Runs findscu and returns the values of {@code tag} in the responses, per dcmdump. */
  private Set<String> find(String model, String tag, String... keys) throws Exception {
    Path out = Files.createTempDirectory(work, "find");
    List<String> c = new ArrayList<>(List.of("findscu", model, "-X", "-od", out.toString(),
        "-aec", "LIGHTBOX"));
    for (String k : keys) {
      c.add("-k");
      c.add(k);
    }
    c.add("127.0.0.1");
    c.add(String.valueOf(dicomPort));
    DcmtkRun.Result r = DcmtkRun.run(60, c);
    assertEquals(0, r.exitCode(), r.output());
    Set<String> values = new TreeSet<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        values.add(DcmtkRun.value(p, tag));
      }
    }
    return values;
  }
}
