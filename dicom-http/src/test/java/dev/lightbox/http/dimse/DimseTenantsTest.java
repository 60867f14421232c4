package dev.lightbox.http.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Tenants over DIMSE against dcmtk (docs/dimse.md): under {@code --dicom-peers-only} a C-STORE
 * from a configured peer lands in that peer's tenant, C-FIND and C-MOVE see only the calling
 * peer's tenant, and a C-MOVE to a destination of another tenant is refused as an unknown
 * destination, A801 (PS3.4 C.4.2.1.5). Study UIDs are read with dcmdump.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimseTenantsTest {
  @TempDir static Path data;
  @TempDir static Path work;
  private LightboxServer server;
  private int dicomPort;
  private int alphaDestPort;
  private Path ct;
  private Path mr;

  @BeforeAll
  void start() throws Exception {
    for (String tool : List.of("storescu", "findscu", "movescu", "storescp", "dcmdump")) {
      DcmtkRun.requireTool(tool);
    }
    ct = DcmtkRun.generated("CT_small.dcmconv-te.dcm");
    mr = DcmtkRun.generated("MR_small.dcmconv-te.dcm");
    alphaDestPort = DcmtkRun.freePort();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data),
        DicomConfig.off().withPort(0).withPeersOnly(true).withDicomPeers(List.of(
            DicomPeers.parse("ALPHA=127.0.0.1:11112@alpha"),
            DicomPeers.parse("BETA=127.0.0.1:11113@beta"),
            DicomPeers.parse("ALPHADEST=127.0.0.1:" + alphaDestPort + "@alpha"),
            DicomPeers.parse("BETADEST=127.0.0.1:" + DcmtkRun.freePort() + "@beta"))));
    dicomPort = server.dicomPort().orElseThrow();
    assertEquals(0, store("ALPHA", ct).exitCode());
    assertEquals(0, store("BETA", mr).exitCode());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private DcmtkRun.Result store(String callingAe, Path file) throws Exception {
    DcmtkRun.Result r = DcmtkRun.run(120, "storescu", "-aet", callingAe, "-aec", "LIGHTBOX",
        "127.0.0.1", String.valueOf(dicomPort), file.toString());
    assertEquals(0, r.exitCode(), r.output());
    return r;
  }

  /** findscu Study Root, STUDY level, every study, as {@code callingAe}: the Study UIDs answered. */
  private Set<String> studies(String callingAe) throws Exception {
    Path out = Files.createTempDirectory(work, "find");
    DcmtkRun.Result r = DcmtkRun.run(60, "findscu", "-S", "-X", "-od", out.toString(),
        "-aet", callingAe, "-aec", "LIGHTBOX", "-k", "QueryRetrieveLevel=STUDY",
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

  @Test
  void eachPeerFindsOnlyWhatItsTenantStored() throws Exception {
    assertEquals(Set.of(DcmtkRun.value(ct, "0020,000d")), studies("ALPHA"));
    assertEquals(Set.of(DcmtkRun.value(mr, "0020,000d")), studies("BETA"));
  }

  @Test
  void cMoveSendsOnlyToTheCallersTenantAndOnlyItsInstances() throws Exception {
    String ctStudy = DcmtkRun.value(ct, "0020,000d");
    String mrStudy = DcmtkRun.value(mr, "0020,000d");
    DcmtkRun.Result other = DcmtkRun.run(60, "movescu", "-v", "-S", "-aet", "ALPHA", "-aec",
        "LIGHTBOX", "-aem", "BETADEST", "-k", "QueryRetrieveLevel=STUDY", "-k",
        "StudyInstanceUID=" + ctStudy, "127.0.0.1", String.valueOf(dicomPort));
    // A801 (PS3.4 C.4.2.1.5), which dcmtk names MoveDestinationUnknown.
    assertTrue(other.output().contains("Refused: MoveDestinationUnknown"), other.output());

    Path received = Files.createDirectories(work.resolve("moved"));
    Process storescp = DcmtkRun.start(work.resolve("storescp.log"), List.of("storescp",
        "-aet", "ALPHADEST", "-od", received.toString(), String.valueOf(alphaDestPort)));
    try {
      Thread.sleep(500);
      DcmtkRun.Result own = DcmtkRun.run(120, "movescu", "-v", "-S", "-aet", "ALPHA", "-aec",
          "LIGHTBOX", "-aem", "ALPHADEST", "-k", "QueryRetrieveLevel=STUDY", "-k",
          "StudyInstanceUID=" + ctStudy, "127.0.0.1", String.valueOf(dicomPort));
      assertEquals(0, own.exitCode(), own.output());
      // Beta's study is not alpha's to move: no match, nothing sent.
      DcmtkRun.Result foreign = DcmtkRun.run(120, "movescu", "-v", "-S", "-aet", "ALPHA", "-aec",
          "LIGHTBOX", "-aem", "ALPHADEST", "-k", "QueryRetrieveLevel=STUDY", "-k",
          "StudyInstanceUID=" + mrStudy, "127.0.0.1", String.valueOf(dicomPort));
      assertEquals(0, foreign.exitCode(), foreign.output());
    } finally {
      DcmtkRun.stop(storescp);
    }
    Set<String> arrived = new TreeSet<>();
    try (Stream<Path> s = Files.list(received)) {
      for (Path p : s.toList()) {
        arrived.add(DcmtkRun.value(p, "0020,000d"));
      }
    }
    assertEquals(Set.of(ctStudy), arrived, "only alpha's study reached alpha's destination");
  }
}
