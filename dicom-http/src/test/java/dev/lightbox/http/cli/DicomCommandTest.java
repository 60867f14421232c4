package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DcmtkRun;
import dev.lightbox.http.dimse.DicomConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightbox dicom echo|send|find|move|get} against the server's DIMSE listener and a dcmtk
 * storescp; what arrives is compared with the originals by dcmdump.
 */
class DicomCommandTest {
  @TempDir static Path data;
  @TempDir static Path work;
  static LightboxServer server;
  static String port;
  static int storescpPort;
  static Path ct;
  static Path mr;

  @BeforeAll
  static void start() throws Exception {
    for (String tool : List.of("storescp", "dcmdump")) {
      DcmtkRun.requireTool(tool);
    }
    ct = DcmtkRun.generated("CT_small.dcmconv-te.dcm");
    mr = DcmtkRun.generated("MR_small.dcmconv-te.dcm");
    storescpPort = DcmtkRun.freePort();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0).withDataDir(data),
        DicomConfig.off().withPort(0).withPeers(List.of(
            new RemoteAe("STORESCP", "127.0.0.1", storescpPort))));
    port = String.valueOf(server.dicomPort().orElseThrow());
    Path folder = Files.createDirectories(work.resolve("in"));
    Files.copy(mr, folder.resolve("mr.dcm"));
    CliTest.Run send = CliTest.run("dicom", "send", "127.0.0.1", port, ct.toString(),
        folder.toString());
    assertEquals(0, send.exit(), send.out() + send.err());
    assertEquals(2, send.out().lines().filter(l -> l.endsWith(" 0000")).count(), send.out());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void echo() {
    CliTest.Run r = CliTest.run("dicom", "echo", "127.0.0.1", port);
    assertEquals(0, r.exit(), r.err());
    assertEquals("C-ECHO 0000", r.out().strip());
  }

  @Test
  void echoToAWrongCalledAeIsRefused() {
    CliTest.Run r = CliTest.run("dicom", "echo", "--aec", "SOMEONE", "127.0.0.1", port);
    assertEquals(DicomCommand.EXIT_PEER, r.exit());
    assertTrue(r.err().startsWith("lightbox: "), r.err());
  }

  @Test
  void findPrintsTheMatchingStudies() throws Exception {
    CliTest.Run r = CliTest.run("dicom", "find", "127.0.0.1", port, "--level", "STUDY",
        "-k", "PatientName=CompressedSamples^CT*", "-k", "StudyInstanceUID");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.out().lines().count(), r.out());
    assertTrue(r.out().contains("StudyInstanceUID=" + DcmtkRun.value(ct, "0020,000d")),
        r.out());
  }

  @Test
  void getWritesTheStudyAsPart10Files() throws Exception {
    Path out = work.resolve("got");
    CliTest.Run r = CliTest.run("dicom", "get", "127.0.0.1", port, "--out", out.toString(),
        "-k", "StudyInstanceUID=" + DcmtkRun.value(mr, "0020,000d"));
    assertEquals(0, r.exit(), r.out() + r.err());
    Path got = out.resolve(DcmtkRun.value(mr, "0008,0018") + ".dcm");
    assertEquals(DcmtkRun.datasetDump(mr), DcmtkRun.datasetDump(got));
  }

  @Test
  void moveSendsToStorescp() throws Exception {
    Path received = Files.createDirectories(work.resolve("moved"));
    Process storescp = DcmtkRun.start(work.resolve("storescp.log"), List.of("storescp",
        "-aet", "STORESCP", "-od", received.toString(), String.valueOf(storescpPort)));
    try {
      Thread.sleep(500);
      CliTest.Run r = CliTest.run("dicom", "move", "127.0.0.1", port, "--dest", "STORESCP",
          "-k", "StudyInstanceUID=" + DcmtkRun.value(ct, "0020,000d"));
      assertEquals(0, r.exit(), r.out() + r.err());
      assertEquals("C-MOVE 0000 completed=1 failed=0 warning=0", r.out().strip());
      try (var files = Files.list(received)) {
        Path arrived = files.findFirst().orElseThrow();
        assertEquals(DcmtkRun.datasetDump(ct), DcmtkRun.datasetDump(arrived));
      }
      CliTest.Run unknown = CliTest.run("dicom", "move", "127.0.0.1", port, "--dest", "NOBODY",
          "-k", "StudyInstanceUID=" + DcmtkRun.value(ct, "0020,000d"));
      assertEquals(DicomCommand.EXIT_PEER, unknown.exit());
      assertTrue(unknown.out().startsWith("C-MOVE A801"), unknown.out());
    } finally {
      DcmtkRun.stop(storescp);
    }
  }
}
