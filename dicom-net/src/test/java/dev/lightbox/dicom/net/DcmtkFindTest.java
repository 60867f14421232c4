package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.scu.ProposedContexts;
import dev.lightbox.dicom.net.scu.QueryRetrieveScu;
import dev.lightbox.dicom.net.service.QueryRequest;
import dev.lightbox.dicom.net.service.QueryRetrieveLevel;
import dev.lightbox.dicom.net.service.QueryRetrieveModel;
import dev.lightbox.dicom.net.service.ScpServices;
import dev.lightbox.dicom.net.testing.Processes;
import dev.lightbox.dicom.net.testing.TestArchive;
import dev.lightbox.dicom.net.testing.Tools;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C-FIND (PS3.4 C.4.1) with dcmtk's findscu against our SCP, and our SCU against our SCP. */
class DcmtkFindTest {
  private TestArchive archive;
  private DimseServer server;
  private List<Path> files;

  @BeforeEach
  void start() throws Exception {
    Tools.requireTool("findscu");
    files = DcmtkStoreTest.storable(DcmtkStoreTest.matching(Tools.generated("dcmtk"),
        ".*\\.dcmconv-te\\.dcm"));
    assertEquals(13, files.size());
    archive = new TestArchive(files);
    server = DimseServer.start(AcceptorConfig.of("LIGHTBOX"),
        ScpServices.builder().query(archive).build(), InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void findscuStudyLevelWildcardGetsTheStudiesDcmdumpFinds(@TempDir Path out) throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "findscu", "-v", "-S", "-X",
        "-od", out.toString(), "-aec", "LIGHTBOX", "-k", "QueryRetrieveLevel=STUDY",
        "-k", "PatientName=Compressed*", "-k", "StudyInstanceUID", "-k", "PatientID",
        "127.0.0.1", String.valueOf(server.port()));
    assertEquals(0, r.exitCode(), r.output());

    // The identifier findscu sent, as our provider received it.
    QueryRequest q = archive.requests.get(0);
    assertEquals(QueryRetrieveModel.STUDY_ROOT, q.model());
    assertEquals(QueryRetrieveLevel.STUDY, q.level());
    assertEquals("Compressed*", q.identifier().string(Tag.PATIENT_NAME).orElseThrow());
    assertTrue(q.identifier().contains(Tag.STUDY_INSTANCE_UID));
    assertTrue(q.identifier().strings(Tag.STUDY_INSTANCE_UID).isEmpty());

    // Expected: the study UIDs of the files whose PatientName starts "Compressed", per dcmdump.
    Set<String> expected = new TreeSet<>();
    for (Path f : files) {
      if (dump(f, "0010,0010").startsWith("Compressed")) {
        expected.add(dump(f, "0020,000d"));
      }
    }
    assertTrue(expected.size() >= 2, "corpus has studies of CompressedSamples: " + expected);
    Set<String> received = new TreeSet<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path rsp : s.filter(p -> p.getFileName().toString().startsWith("rsp")).toList()) {
        received.add(dump(rsp, "0020,000d"));
        assertEquals("STUDY", dump(rsp, "0008,0052"));
      }
    }
    assertEquals(expected, received);
    assertTrue(r.output().contains("Received Final Find Response (Success)"), r.output());
  }

  @Test
  void findscuCancelGetsCancelStatus() throws Exception {
    archive.delayMillis = 200;
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "findscu", "-v", "-S",
        "--cancel", "1", "-aec", "LIGHTBOX", "-k", "QueryRetrieveLevel=IMAGE",
        "-k", "SOPInstanceUID", "127.0.0.1", String.valueOf(server.port()));
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Sending Cancel Request"), r.output());
    assertTrue(r.output().contains(
        "Received Final Find Response (Cancel: MatchingTerminatedDueToCancelRequest)"),
        r.output());
    assertTrue(archive.streamClosed, "the SCP closes the match stream on cancel");
    long pending = r.output().lines().filter(l -> l.contains("(Pending)")).count();
    assertTrue(pending < 13, "stopped pulling matches after the cancel: " + pending);
  }

  @Test
  void ourScuFindsByPatientIdAndSeesEveryMatch() throws Exception {
    Association a = open();
    try {
      String patientId = archive.headers().get(0).string(Tag.PATIENT_ID).orElseThrow();
      Dataset keys = new DatasetBuilder().addString(QueryRetrieveLevel.TAG, Vr.CS, "IMAGE")
          .addString(Tag.PATIENT_ID, Vr.LO, patientId)
          .add(Tag.SOP_INSTANCE_UID, Vr.UI, new byte[0]).build();
      List<String> uids = new ArrayList<>();
      Status s = QueryRetrieveScu.find(a, Uids.PATIENT_ROOT_FIND, keys, m -> {
        uids.add(m.string(Tag.SOP_INSTANCE_UID).orElse(""));
        return true;
      });
      assertEquals(Status.OK, s);
      long expected = archive.headers().stream()
          .filter(h -> h.string(Tag.PATIENT_ID).orElse("").equals(patientId))
          .map(h -> h.string(Tag.SOP_INSTANCE_UID).orElse("")).distinct().count();
      assertEquals(expected, uids.size(), uids.toString());
    } finally {
      a.release();
    }
  }

  @Test
  void ourScuCancelsAfterTheFirstMatchAndGetsFe00() throws Exception {
    archive.delayMillis = 200;
    Association a = open();
    try {
      Dataset keys = new DatasetBuilder().addString(QueryRetrieveLevel.TAG, Vr.CS, "IMAGE")
          .add(Tag.SOP_INSTANCE_UID, Vr.UI, new byte[0]).build();
      List<Dataset> seen = new ArrayList<>();
      Status s = QueryRetrieveScu.find(a, Uids.STUDY_ROOT_FIND, keys, m -> {
        seen.add(m);
        return false;
      });
      assertEquals(Status.CANCEL, s.code(), s.toString());
      assertTrue(seen.size() < 13, "stopped early: " + seen.size());
    } finally {
      a.release();
    }
    assertTrue(archive.streamClosed);
  }

  @Test
  void identifierWithoutLevelFailsWithA900() throws Exception {
    Association a = open();
    try {
      Dataset keys = new DatasetBuilder().add(Tag.PATIENT_ID, Vr.LO, new byte[0]).build();
      Status s = QueryRetrieveScu.find(a, Uids.STUDY_ROOT_FIND, keys, m -> true);
      assertEquals(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, s.code(), s.toString());
      // Study Root has no PATIENT level (PS3.4 C.6.2).
      Dataset patient = new DatasetBuilder().addString(QueryRetrieveLevel.TAG, Vr.CS, "PATIENT")
          .build();
      Status p = QueryRetrieveScu.find(a, Uids.STUDY_ROOT_FIND, patient, m -> true);
      assertEquals(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, p.code(), p.toString());
    } finally {
      a.release();
    }
  }

  private Association open() throws Exception {
    return DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()), "FINDSCU",
        new ProposedContexts().add(Uids.PATIENT_ROOT_FIND, Uids.IMPLICIT_VR_LITTLE_ENDIAN)
            .add(Uids.STUDY_ROOT_FIND, Uids.EXPLICIT_VR_LITTLE_ENDIAN).build(),
        List.of(), AssociationOptions.defaults(), ServiceRegistry.none());
  }

  /** One value as dcmdump prints it ({@code +P tag}), brackets and padding removed. */
  static String dump(Path file, String tag) throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(30), "dcmdump", "-q", "-Un", "+P", tag,
        file.toString());
    String line = r.output().strip();
    int open = line.indexOf('[');
    int close = line.lastIndexOf(']');
    return open < 0 || close < open ? "" : line.substring(open + 1, close).strip();
  }
}
