package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.dimse.CommandField;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.dimse.SubOperationCounts;
import dev.lightbox.dicom.net.part10.Part10Instance;
import dev.lightbox.dicom.net.pdu.RoleSelection;
import dev.lightbox.dicom.net.scu.ProposedContexts;
import dev.lightbox.dicom.net.scu.QueryRetrieveScu;
import dev.lightbox.dicom.net.scu.QueryRetrieveScu.RetrieveResult;
import dev.lightbox.dicom.net.service.QueryRetrieveLevel;
import dev.lightbox.dicom.net.service.ScpServices;
import dev.lightbox.dicom.net.service.StoreScp;
import dev.lightbox.dicom.net.testing.Dcmdump;
import dev.lightbox.dicom.net.testing.Part10Storage;
import dev.lightbox.dicom.net.testing.Processes;
import dev.lightbox.dicom.net.testing.TestArchive;
import dev.lightbox.dicom.net.testing.Tools;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C-MOVE and C-GET (PS3.4 C.4.2, C.4.3): movescu and getscu against our SCP with a test retrieve
 * provider and storescp as the move destination; then our SCUs. What arrives is compared with the
 * originals by dcmdump.
 */
class DcmtkRetrieveTest {
  @TempDir Path destinationDir;
  private TestArchive archive;
  private DimseServer server;
  private Process storescp;
  private int storescpPort;
  /** Three studies of one instance each, retrieved together by UID list matching (C.2.2.2.2). */
  private List<Path> studyFiles;
  private String studyUidList;

  @BeforeEach
  void start() throws Exception {
    Tools.requireTool("movescu");
    Tools.requireTool("getscu");
    Tools.requireTool("storescp");
    Path dir = Tools.generated("dcmtk");
    List<Path> files = DcmtkStoreTest.storable(DcmtkStoreTest.matching(dir,
        ".*\\.dcmconv-te\\.dcm"));
    archive = new TestArchive(files);
    studyFiles = List.of(dir.resolve("CT_small.dcmconv-te.dcm"),
        dir.resolve("chrX1.dcmconv-te.dcm"), dir.resolve("chrX2.dcmconv-te.dcm"));
    List<String> uids = new ArrayList<>();
    for (Path f : studyFiles) {
      uids.add(DcmtkFindTest.dump(f, "0020,000d"));
    }
    studyUidList = String.join("\\", uids);
    storescpPort = Tools.freePort();
    storescp = Processes.start(destinationDir.resolve("storescp.log"), "storescp", "+xa", "-aet",
        "STORESCP", "-od", destinationDir.toString(), String.valueOf(storescpPort));
    DcmtkStoreTest.awaitListening(storescpPort);
    server = DimseServer.start(AcceptorConfig.of("LIGHTBOX"),
        ScpServices.builder().retrieve(archive, ae -> ae.equals("STORESCP")
            ? Optional.of(new RemoteAe("STORESCP", "127.0.0.1", storescpPort))
            : Optional.empty()).build(),
        InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (storescp != null) {
      Processes.stop(storescp);
    }
  }

  @Test
  void movescuMovesThreeStudiesToStorescp() throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "movescu", "-v", "-S",
        "-aec", "LIGHTBOX", "-aem", "STORESCP", "-k", "QueryRetrieveLevel=STUDY",
        "-k", "StudyInstanceUID=" + studyUidList, "127.0.0.1", String.valueOf(server.port()));
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Received Final Move Response (Success)"), r.output());
    assertEquals(2, r.output().lines().filter(l -> l.contains("Move Response")
        && l.contains("(Pending)")).count(), "a pending response after each but the last:\n"
        + r.output());
    assertArrivedIdentical(destinationDir);
  }

  @Test
  void movescuCancelStopsTheSubOperations() throws Exception {
    archive.delayMillis = 400;
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "movescu", "-v", "-S",
        "--cancel", "1", "-aec", "LIGHTBOX", "-aem", "STORESCP", "-k", "QueryRetrieveLevel=STUDY",
        "-k", "StudyInstanceUID=" + studyUidList, "127.0.0.1", String.valueOf(server.port()));
    assertTrue(r.output().contains("Sending Cancel Request"), r.output());
    assertTrue(r.output().contains("Cancel"), r.output());
    assertTrue(r.output().contains("Received Final Move Response (Cancel)")
        || r.output().contains("Matching terminated due to Cancel")
        || r.output().contains("Cancel: SubOperationsTerminatedDueToCancelIndication"),
        r.output());
    try (var s = Files.list(destinationDir)) {
      assertTrue(s.count() < 4, "fewer than three instances plus the log arrived");
    }
  }

  @Test
  void movescuToAnUnknownDestinationGetsA801() throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "movescu", "-v", "-S",
        "-aec", "LIGHTBOX", "-aem", "NOWHERE", "-k", "QueryRetrieveLevel=STUDY",
        "-k", "StudyInstanceUID=" + studyUidList, "127.0.0.1", String.valueOf(server.port()));
    assertTrue(r.output().contains("Move response with error status (Refused:"
        + " MoveDestinationUnknown)"), r.output());
    try (var s = Files.list(destinationDir)) {
      assertEquals(1, s.count(), "only storescp's log: nothing was sent");
    }
  }

  @Test
  void getscuGetsThreeStudiesOnTheSameAssociation(@TempDir Path out) throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "getscu", "-v", "-S",
        "-aec", "LIGHTBOX", "-od", out.toString(), "-k", "QueryRetrieveLevel=STUDY",
        "-k", "StudyInstanceUID=" + studyUidList, "127.0.0.1", String.valueOf(server.port()));
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Received C-GET Response (Success)"), r.output());
    assertTrue(r.output().contains("Number of Completed Suboperations : 3"), r.output());
    // getscu writes sequences with undefined length whatever it received: compare content.
    for (Path original : studyFiles) {
      Path arrived = DcmtkStoreTest.storescpFile(out, Part10Instance.open(original)
          .sopInstanceUid());
      assertEquals(Dcmdump.json(original), Dcmdump.json(arrived), original.toString());
    }
  }

  @Test
  void ourMoveScuCountsSubOperationsAndStorescpReceives() throws Exception {
    Association a = DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()),
        "MOVESCU", new ProposedContexts().add(Uids.STUDY_ROOT_MOVE,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN).build(), List.of(), AssociationOptions.defaults(),
        ServiceRegistry.none());
    List<SubOperationCounts> pending = new ArrayList<>();
    RetrieveResult result;
    try {
      result = QueryRetrieveScu.move(a, Uids.STUDY_ROOT_MOVE, studyKeys(), "STORESCP",
          pending::add);
    } finally {
      a.release();
    }
    assertEquals(Status.OK, result.status());
    assertEquals(new SubOperationCounts(0, 3, 0, 0), result.counts());
    assertEquals(List.of(new SubOperationCounts(2, 1, 0, 0), new SubOperationCounts(1, 2, 0, 0)),
        pending);
    assertArrivedIdentical(destinationDir);
  }

  @Test
  void ourGetScuReceivesThroughItsStorageProvider(@TempDir Path out) throws Exception {
    Part10Storage storage = new Part10Storage(out);
    ProposedContexts contexts = new ProposedContexts().add(Uids.STUDY_ROOT_GET,
        Uids.EXPLICIT_VR_LITTLE_ENDIAN);
    List<RoleSelection> roles = new ArrayList<>();
    for (Path f : studyFiles) {
      String sopClass = Part10Instance.open(f).sopClassUid();
      if (roles.stream().noneMatch(r -> r.sopClassUid().equals(sopClass))) {
        contexts.add(sopClass, Uids.EXPLICIT_VR_LITTLE_ENDIAN);
        roles.add(new RoleSelection(sopClass, false, true));
      }
    }
    Association a = DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()),
        "GETSCU", contexts.build(), roles, AssociationOptions.defaults(),
        ServiceRegistry.builder().on(CommandField.C_STORE_RQ, new StoreScp(storage)).build());
    RetrieveResult result;
    try {
      result = QueryRetrieveScu.get(a, Uids.STUDY_ROOT_GET, studyKeys(), c -> { });
    } finally {
      a.release();
    }
    assertEquals(Status.OK, result.status(), result.toString());
    assertEquals(3, result.counts().completed());
    assertEquals(3, storage.stored.size());
    for (Path original : studyFiles) {
      String uid = Part10Instance.open(original).sopInstanceUid();
      Path arrived = storage.stored.stream()
          .filter(p -> p.getFileName().toString().endsWith("-" + uid + ".dcm")).findFirst()
          .orElseThrow();
      assertEquals(Dcmdump.dataset(original), Dcmdump.dataset(arrived), original.toString());
    }
  }

  @Test
  void getWithoutScpRoleSelectionFailsEverySubOperation() throws Exception {
    Association a = DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()),
        "GETSCU", new ProposedContexts().add(Uids.STUDY_ROOT_GET,
            Uids.EXPLICIT_VR_LITTLE_ENDIAN).build(), List.of(), AssociationOptions.defaults(),
        ServiceRegistry.none());
    RetrieveResult result;
    try {
      result = QueryRetrieveScu.get(a, Uids.STUDY_ROOT_GET, studyKeys(), c -> { });
    } finally {
      a.release();
    }
    assertEquals(Status.OUT_OF_RESOURCES_SUB_OPERATIONS, result.status().code());
    assertEquals(3, result.counts().failed());
    assertEquals(3, result.identifier().strings(0x00080058).size(),
        "Failed SOP Instance UID List");
  }

  private Dataset studyKeys() {
    return new DatasetBuilder().addString(QueryRetrieveLevel.TAG, Vr.CS, "STUDY")
        .addString(Tag.STUDY_INSTANCE_UID, Vr.UI, studyUidList).build();
  }

  private void assertArrivedIdentical(Path dir) throws Exception {
    for (Path original : studyFiles) {
      Path arrived = DcmtkStoreTest.storescpFile(dir, Part10Instance.open(original)
          .sopInstanceUid());
      assertEquals(Dcmdump.dataset(original), Dcmdump.dataset(arrived), original.toString());
    }
    try (var s = Files.list(dir)) {
      assertNotEquals(0, s.count());
    }
  }
}
