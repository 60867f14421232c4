package dev.lightbox.http.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The DIMSE settings of {@code lightbox serve} against dcmtk: {@code --dicom-peers-only} (only a
 * configured peer, from its host, may associate; others get A-ASSOCIATE-RJ rejected-permanent,
 * service-user, calling-AE-title-not-recognized, PS3.8 §9.3.4) and {@code --pn-case-insensitive}
 * (PS3.4 C.2.2.2.1, the same for C-FIND and QIDO-RS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimseServerSettingsTest {
  /** PatientName "CompressedSamples^CT1" and "CompressedSamples^MR1" (dcmdump checks below). */
  private static final List<String> FILES = List.of("CT_small.dcmconv-te.dcm",
      "MR_small.dcmconv-te.dcm");

  @TempDir static Path data;
  @TempDir static Path work;
  private LightboxServer server;
  private int dicomPort;
  private List<Path> originals;

  @BeforeAll
  void start() throws Exception {
    for (String tool : List.of("echoscu", "storescu", "findscu", "dcmdump", "dcmodify")) {
      DcmtkRun.requireTool(tool);
    }
    originals = new ArrayList<>();
    for (String f : FILES) {
      originals.add(DcmtkRun.generated(f));
    }
    // MODALITY at loopback; IPV6LOOP configured at ::1 (loopback addresses are equivalent);
    // FARAWAY at a TEST-NET-1 address (RFC 5737) no test connection comes from.
    server = LightboxServer.start(
        ServerConfig.defaults().withPort(0).withDataDir(data)
            .withServices(s -> s.withPersonNamesCaseInsensitive(true)),
        DicomConfig.off().withPort(0).withPeersOnly(true).withDicomPeers(List.of(
            // The default tenant, which HTTP under --auth none acts in: what MODALITY stores is
            // what QIDO-RS and /instances see (a peer of another tenant stores into that tenant,
            // DimseTenantsTest).
            DicomPeers.parse("MODALITY=127.0.0.1:11112"),
            DicomPeers.parse("IPV6LOOP=[::1]:11113"),
            new DicomPeer(new RemoteAe("FARAWAY", "192.0.2.10", 104), "other"))));
    dicomPort = server.dicomPort().orElseThrow();
    List<String> store = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec",
        "LIGHTBOX", "127.0.0.1", String.valueOf(dicomPort)));
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

  private DcmtkRun.Result echo(String callingAe) throws Exception {
    return DcmtkRun.run(60, "echoscu", "-v", "-aet", callingAe, "-aec", "LIGHTBOX", "127.0.0.1",
        String.valueOf(dicomPort));
  }

  private static void assertRejectedAsUnknownCallingAe(DcmtkRun.Result r) {
    assertNotEquals(0, r.exitCode(), r.output());
    // PS3.8 Table 9-21: result 1 rejected-permanent, source 1 service-user, reason 3.
    assertTrue(r.output().contains("Rejected Permanent"), r.output());
    assertTrue(r.output().contains("Service User"), r.output());
    assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
  }

  @Test
  void aConfiguredPeerFromItsHostAssociates() throws Exception {
    DcmtkRun.Result r = echo("MODALITY");
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Received Echo Response (Success)"), r.output());
  }

  @Test
  void loopbackAddressesAreEquivalent() throws Exception {
    DcmtkRun.Result r = echo("IPV6LOOP");
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void anUnconfiguredCallingAeIsRejected() throws Exception {
    assertRejectedAsUnknownCallingAe(echo("STRANGER"));
  }

  @Test
  void aConfiguredPeerFromAnotherAddressIsRejected() throws Exception {
    assertRejectedAsUnknownCallingAe(echo("FARAWAY"));
  }

  @Test
  void storescuFromAnUnconfiguredAeStoresNothing() throws Exception {
    Path copy = work.resolve("new-instance.dcm");
    Files.copy(originals.get(0), copy);
    DcmtkRun.Result m = DcmtkRun.run(60, "dcmodify", "-nb", "-gin", copy.toString());
    assertEquals(0, m.exitCode(), m.output());
    String uid = DcmtkRun.value(copy, "0008,0018");
    DcmtkRun.Result r = DcmtkRun.run(60, "storescu", "-v", "-aet", "STRANGER", "-aec",
        "LIGHTBOX", "127.0.0.1", String.valueOf(dicomPort), copy.toString());
    assertRejectedAsUnknownCallingAe(r);
    assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        server.baseUrl() + "instances/" + uid)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void theStoredInstancesCameFromTheConfiguredPeer() throws Exception {
    for (Path original : originals) {
      String uid = DcmtkRun.value(original, "0008,0018");
      assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          server.baseUrl() + "instances/" + uid)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode(), uid);
    }
  }

  @Test
  void cFindMatchesPersonNamesCaseInsensitively() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (Path f : originals) {
      assertTrue(DcmtkRun.value(f, "0010,0010").startsWith("CompressedSamples^"), f.toString());
      expected.add(DcmtkRun.value(f, "0020,000d"));
    }
    assertEquals(2, expected.size());
    assertEquals(expected, find("PatientName=compressedsamples*"));
    assertEquals(Set.of(DcmtkRun.value(originals.get(0), "0020,000d")),
        find("PatientName=" + DcmtkRun.value(originals.get(0), "0010,0010")
            .toUpperCase(java.util.Locale.ROOT)));
    assertEquals(Set.of(), find("PatientName=someone^else"));
  }

  @Test
  void qidoRsFollowsTheSameSetting() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        server.baseUrl() + "dicomweb/studies?PatientName=COMPRESSEDSAMPLES*")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonArray studies = JsonParser.parseString(r.body()).getAsJsonArray();
    assertEquals(2, studies.size(), r.body());
  }

  /** findscu Study Root STUDY level as MODALITY: the Study Instance UIDs answered. */
  private Set<String> find(String key) throws Exception {
    Path out = Files.createTempDirectory(work, "find");
    DcmtkRun.Result r = DcmtkRun.run(60, "findscu", "-S", "-X", "-od", out.toString(),
        "-aet", "MODALITY", "-aec", "LIGHTBOX", "-k", "QueryRetrieveLevel=STUDY", "-k", key,
        "-k", "StudyInstanceUID", "127.0.0.1", String.valueOf(dicomPort));
    assertEquals(0, r.exitCode(), r.output());
    Set<String> values = new TreeSet<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        values.add(DcmtkRun.value(p, "0020,000d"));
      }
    }
    return values;
  }
}
