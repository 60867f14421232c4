package dev.lightbox.http.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lightbox and Orthanc (Debian {@code orthanc}) as DICOM peers on loopback: Orthanc C-STOREs into
 * Lightbox; Lightbox C-FINDs Orthanc and C-MOVEs a study from Orthanc to itself; Lightbox sends a
 * study to Orthanc. Orthanc is started by the test with its own configuration and stopped by PID;
 * what arrives is checked against the originals (dcmdump) and Orthanc's own REST answers.
 * Orthanc's HTTP keep-alive is off: its server closes idle connections after one second, and a
 * request sent on such a pooled connection in that instant fails with "received no bytes".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancInteropTest {
  @TempDir static Path data;
  @TempDir static Path work;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process orthanc;
  private LightboxServer server;
  private String orthancUrl;
  private int orthancDicomPort;
  private int lightboxDicomPort;

  @BeforeAll
  void start() throws Exception {
    DcmtkRun.requireTool("Orthanc");
    DcmtkRun.requireTool("dcmdump");
    int orthancHttp = DcmtkRun.freePort();
    orthancDicomPort = DcmtkRun.freePort();
    lightboxDicomPort = DcmtkRun.freePort();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data),
        DicomConfig.off().withPort(lightboxDicomPort).withPeers(List.of(
            new RemoteAe("ORTHANC", "127.0.0.1", orthancDicomPort),
            new RemoteAe("LIGHTBOX", "127.0.0.1", lightboxDicomPort))));
    Path storage = Files.createDirectories(work.resolve("orthanc-db"));
    Path config = work.resolve("orthanc.json");
    Files.writeString(config, """
        {
          "Name": "lightbox-dimse-test",
          "StorageDirectory": "%s",
          "IndexDirectory": "%s",
          "HttpPort": %d,
          "KeepAlive": false,
          "DicomServerEnabled": true,
          "DicomAet": "ORTHANC",
          "DicomPort": %d,
          "DicomCheckCalledAet": false,
          "RemoteAccessAllowed": false,
          "AuthenticationEnabled": false,
          "Plugins": [],
          "SaveJobs": false,
          "DicomModalities": {"lightbox": ["LIGHTBOX", "127.0.0.1", %d]},
          "DicomAlwaysAllowStore": true,
          "DicomAlwaysAllowFind": true,
          "DicomAlwaysAllowMove": true,
          "DicomAlwaysAllowEcho": true
        }
        """.formatted(storage, storage, orthancHttp, orthancDicomPort, lightboxDicomPort));
    orthanc = DcmtkRun.start(work.resolve("orthanc.log"), List.of("Orthanc", config.toString()));
    orthancUrl = "http://127.0.0.1:" + orthancHttp;
    for (int i = 0; i < 200; i++) {
      try {
        if (get(orthancUrl + "/system").statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Orthanc did not start: " + Files.readString(
        work.resolve("orthanc.log")));
  }

  @AfterAll
  void stop() throws Exception {
    DcmtkRun.stop(orthanc);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void orthancStoresIntoLightbox() throws Exception {
    Path ct = DcmtkRun.generated("CT_small.dcmconv-te.dcm");
    String orthancId = upload(ct);
    HttpResponse<String> r = post(orthancUrl + "/modalities/lightbox/store", "\"" + orthancId
        + "\"");
    assertEquals(200, r.statusCode(), r.body());
    Path stored = work.resolve("from-orthanc.dcm");
    HttpResponse<Path> file = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "instances/" + DcmtkRun.value(ct, "0008,0018") + "/file")).build(),
        HttpResponse.BodyHandlers.ofFile(stored));
    assertEquals(200, file.statusCode());
    assertEquals(DcmtkRun.datasetDump(ct), DcmtkRun.datasetDump(stored));
  }

  @Test
  void lightboxFindsAndMovesFromOrthancAndSendsToIt() throws Exception {
    Path mr = DcmtkRun.generated("MR_small.dcmconv-te.dcm");
    upload(mr);
    String study = DcmtkRun.value(mr, "0020,000d");
    String uid = DcmtkRun.value(mr, "0008,0018");
    String[] find = {"dicom", "find", "--aec", "ORTHANC", "127.0.0.1",
        String.valueOf(orthancDicomPort), "--level", "STUDY", "-k", "StudyInstanceUID=" + study,
        "-k", "PatientName"};
    String found = cli(find);
    assertTrue(found.contains("StudyInstanceUID=" + study), found);
    assertTrue(found.contains("PatientName=" + DcmtkRun.value(mr, "0010,0010")), found);

    // C-MOVE from Orthanc to Lightbox itself (Orthanc knows LIGHTBOX as a modality).
    String moved = cli("dicom", "move", "--aet", "LIGHTBOX", "--aec", "ORTHANC", "127.0.0.1",
        String.valueOf(orthancDicomPort), "--dest", "LIGHTBOX", "-k",
        "StudyInstanceUID=" + study);
    assertTrue(moved.startsWith("C-MOVE 0000 completed=1"), moved);
    Path stored = work.resolve("moved.dcm");
    http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "instances/" + uid
        + "/file")).build(), HttpResponse.BodyHandlers.ofFile(stored));
    assertEquals(DcmtkRun.datasetDump(mr), DcmtkRun.datasetDump(stored));

    // Lightbox sends a study it holds (the RT plan, stored over DIMSE) to Orthanc.
    Path plan = DcmtkRun.generated("rtplan.dcmconv-te.dcm");
    String sent = cli("dicom", "send", "127.0.0.1", String.valueOf(lightboxDicomPort),
        plan.toString());
    assertTrue(sent.strip().endsWith(" 0000"), sent);
    HttpResponse<String> send = post(server.baseUrl() + "dicomweb/studies/"
        + DcmtkRun.value(plan, "0020,000d") + "/send?to=ORTHANC", "");
    assertEquals(200, send.statusCode(), send.body());
    assertTrue(send.body().contains("\"failed\":0"), send.body());
    HttpResponse<String> lookup = post(orthancUrl + "/tools/lookup",
        DcmtkRun.value(plan, "0008,0018"));
    JsonArray hits = JsonParser.parseString(lookup.body()).getAsJsonArray();
    assertEquals(1, hits.size(), lookup.body());
    String orthancId = hits.get(0).getAsJsonObject().get("ID").getAsString();
    Path inOrthanc = work.resolve("in-orthanc.dcm");
    http.send(HttpRequest.newBuilder(URI.create(orthancUrl + "/instances/" + orthancId
        + "/file")).build(), HttpResponse.BodyHandlers.ofFile(inOrthanc));
    assertEquals(DcmtkRun.datasetDump(plan), DcmtkRun.datasetDump(inOrthanc));
  }

  private String cli(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty(
        "java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "dev.lightbox.http.cli.Lightbox"));
    command.addAll(List.of(args));
    DcmtkRun.Result r = DcmtkRun.run(120, command);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.output());
    return r.output();
  }

  private String upload(Path file) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(orthancUrl
        + "/instances")).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JsonParser.parseString(r.body()).getAsJsonObject().get("ID").getAsString();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(
        HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
