package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.part10.Part10Instance;
import dev.lightbox.dicom.net.scu.ProposedContexts;
import dev.lightbox.dicom.net.scu.StoreScu;
import dev.lightbox.dicom.net.service.ScpServices;
import dev.lightbox.dicom.net.testing.Dcmdump;
import dev.lightbox.dicom.net.testing.Part10Storage;
import dev.lightbox.dicom.net.testing.Processes;
import dev.lightbox.dicom.net.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * C-STORE with dcmtk on both sides (PS3.4 Annex B): storescu into our SCP, every instance then
 * compared by dcmdump with its original; our SCU into storescp, compared the same way.
 */
class DcmtkStoreTest {
  @TempDir Path received;
  private Part10Storage storage;
  private DimseServer server;

  @BeforeEach
  void start() throws Exception {
    Tools.requireTool("storescu");
    Tools.requireTool("dcmdump");
    storage = new Part10Storage(received);
    server = DimseServer.start(AcceptorConfig.of("LIGHTBOX"),
        ScpServices.builder().storage(storage).build(), InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Generated-corpus parts: dcmtk's re-encodings (13 storable sources each), RLE (dcmcrle) and
   * JPEG baseline/extended (dcmcjpeg). storescu proposes the syntax named by its -x option and
   * would otherwise convert, so each row names the option that proposes the files' own syntax.
   * Arrivals are compared by dcmdump, except the undefined-length variants, which storescu
   * re-encodes with explicit lengths on the wire: those are compared by dcm2json.
   */
  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      "dcmtk, .*\\.dcmconv-ti\\.dcm, 13, 1.2.840.10008.1.2, -xi",
      "dcmtk, .*\\.dcmconv-ti-undef\\.dcm, 13, 1.2.840.10008.1.2, -xi",
      "dcmtk, .*\\.dcmconv-te\\.dcm, 13, 1.2.840.10008.1.2.1, -xe",
      "dcmtk, .*\\.dcmconv-te-undef\\.dcm, 13, 1.2.840.10008.1.2.1, -xe",
      "dcmtk, .*\\.dcmconv-tb\\.dcm, 13, 1.2.840.10008.1.2.2, -xb",
      "dcmtk, .*\\.dcmconv-td\\.dcm, 13, 1.2.840.10008.1.2.1.99, -xd",
      "rle/gen, .*\\.rle\\.dcm, 13, 1.2.840.10008.1.2.5, -xr",
      "jpeg/gen, baseline_[^.]*\\.dcm, 16, 1.2.840.10008.1.2.4.50, -xy",
      "jpeg/gen, extended_[^.]*\\.dcm, 6, 1.2.840.10008.1.2.4.51, -xx"})
  void storescuArrivesAsTheSameDatasetInTheSameTransferSyntax(String part, String pattern,
      int expectedCount, String syntax, String proposeOption) throws Exception {
    List<Path> files = storable(matching(Tools.generated(part), pattern));
    assertEquals(expectedCount, files.size(), "files " + part + "/" + pattern);
    List<String> command = new ArrayList<>(List.of("storescu", "-R", proposeOption, "-aec", "LIGHTBOX",
        "-aet", "STORESCU", "127.0.0.1", String.valueOf(server.port())));
    files.forEach(f -> command.add(f.toString()));
    Processes.Result r = Processes.run(Duration.ofMinutes(2), command);
    assertEquals(0, r.exitCode(), r.output());
    assertEquals(files.size(), storage.requests.size(), r.output());
    assertEquals(files.size(), storage.stored.size());
    boolean undefinedLengths = pattern.contains("undef");
    List<String> originals = undefinedLengths ? List.of() : Dcmdump.datasets(files);
    List<String> arrivals = undefinedLengths ? List.of() : Dcmdump.datasets(storage.stored);
    for (int i = 0; i < files.size(); i++) {
      Path original = files.get(i);
      Part10Instance sent = Part10Instance.open(original);
      assertEquals(syntax, sent.transferSyntaxUid(), original.toString());
      Path arrived = storage.stored.get(i);
      assertEquals(sent.sopInstanceUid(), storage.requests.get(i).sopInstanceUid());
      assertEquals(sent.transferSyntaxUid(), Part10Instance.open(arrived).transferSyntaxUid());
      if (undefinedLengths) {
        // storescu sends undefined-length sequences with explicit lengths: same content.
        assertEquals(Dcmdump.json(original), Dcmdump.json(arrived), original.toString());
      } else {
        assertEquals(originals.get(i), arrivals.get(i), original.toString());
      }
    }
    assertTrue(storage.leftovers().isEmpty());
    assertTrue(storage.failedStreams.isEmpty(), storage.failedStreams.toString());
  }

  /** Our SCU, as stored, into storescp: one association and one output folder per syntax. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"dcmconv-ti, 1.2.840.10008.1.2", "dcmconv-te, 1.2.840.10008.1.2.1",
      "dcmconv-tb, 1.2.840.10008.1.2.2", "dcmconv-td, 1.2.840.10008.1.2.1.99"})
  void ourScuStoresIntoStorescpAsTheSameDataset(String variant, String syntax,
      @TempDir Path scpDir) throws Exception {
    Tools.requireTool("storescp");
    // One file per SOP Instance UID: storescp names its files by that UID.
    List<Path> files = new ArrayList<>();
    List<String> uids = new ArrayList<>();
    for (Path f : storable(matching(Tools.generated("dcmtk"), ".*\\." + variant + "\\.dcm"))) {
      String uid = Part10Instance.open(f).sopInstanceUid();
      if (!uids.contains(uid)) {
        uids.add(uid);
        files.add(f);
      }
    }
    assertEquals(12, files.size());
    int port = Tools.freePort();
    Path log = Files.createTempFile("storescp", ".log");
    Process scp = Processes.start(log, "storescp", "-v", "+xa", "-aet", "STORESCP", "-od",
        scpDir.toString(), String.valueOf(port));
    try {
      awaitListening(port);
      List<Part10Instance> instances = new ArrayList<>();
      ProposedContexts contexts = new ProposedContexts();
      List<String> seen = new ArrayList<>();
      for (Path f : files) {
        Part10Instance i = Part10Instance.open(f);
        assertEquals(syntax, i.transferSyntaxUid());
        instances.add(i);
        if (!seen.contains(i.sopClassUid())) {
          seen.add(i.sopClassUid());
          contexts.add(i.sopClassUid(), i.transferSyntaxUid());
        }
      }
      // A small PDU limit on our side too, so that every data set is fragmented.
      Association a = DimseClient.open(new RemoteAe("STORESCP", "127.0.0.1", port), "LIGHTBOX",
          contexts.build(), List.of(), AssociationOptions.defaults().withPduLengths(4096, 4096),
          ServiceRegistry.none());
      try {
        for (Part10Instance i : instances) {
          Status s = StoreScu.store(a, i, "", 0);
          assertTrue(s.isSuccess(), i.file() + ": " + s);
        }
        a.release();
      } catch (IOException e) {
        throw new AssertionError(e + "\nstorescp said:\n" + Files.readString(log), e);
      }
    } finally {
      Processes.stop(scp);
      Files.deleteIfExists(log);
    }
    List<Path> arrived = new ArrayList<>();
    for (Path original : files) {
      Path a = storescpFile(scpDir, Part10Instance.open(original).sopInstanceUid());
      assertEquals(syntax, Part10Instance.open(a).transferSyntaxUid(), original.toString());
      arrived.add(a);
    }
    assertEquals(Dcmdump.datasets(files), Dcmdump.datasets(arrived));
  }

  /**
   * Files a storage SCU can send: a standard storage SOP class in the File Meta Information
   * (three generated sources carry dcmtk's private placeholder class and no SOP Instance UID).
   */
  static List<Path> storable(List<Path> files) {
    List<String> storage = AcceptancePolicy.storageSopClasses();
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      try {
        if (storage.contains(Part10Instance.open(f).sopClassUid())) {
          out.add(f);
        }
      } catch (IOException e) {
        throw new AssertionError(f + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** storescp names files MODALITY.SOPInstanceUID (its --default-filenames). */
  static Path storescpFile(Path dir, String sopInstanceUid) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith("." + sopInstanceUid))
          .findFirst().orElseThrow(() -> new AssertionError("storescp did not store "
              + sopInstanceUid));
    }
  }

  static List<Path> matching(Path dir, String regex) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
    }
  }

  static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nothing listening on port " + port);
  }
}
