package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maximum PDU length negotiated and enforced both ways (PS3.8 §D.1): our acceptor announces a
 * small maximum and refuses anything longer, so a transfer that succeeds proves the sender
 * fragmented to it.
 */
class FragmentationTest {
  @TempDir Path dir;
  private Part10Storage storage;
  private DimseServer server;
  private Path ct;

  @BeforeEach
  void start() throws Exception {
    ct = Tools.generated("dcmtk").resolve("CT_small.dcmconv-te.dcm");
    storage = new Part10Storage(dir);
    server = DimseServer.start(AcceptorConfig.of("LIGHTBOX").withOptions(
            AssociationOptions.defaults().withPduLengths(1024, 1024)),
        ScpServices.builder().storage(storage).build(), InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void storescuFragmentsToOurMaximum() throws Exception {
    Tools.requireTool("storescu");
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "storescu", "-v", "-R", "-xe",
        "-aec", "LIGHTBOX", "127.0.0.1", String.valueOf(server.port()), ct.toString());
    assertEquals(0, r.exitCode(), r.output());
    // dcmtk reports the peer's maximum less 12 bytes of PDU and PDV headers.
    assertTrue(r.output().contains("Association Accepted (Max Send PDV: 1012)"), r.output());
    assertEquals(1, storage.stored.size());
    assertEquals(Dcmdump.dataset(ct), Dcmdump.dataset(storage.stored.get(0)));
  }

  @Test
  void ourScuFragmentsToThePeersMaximumAndTheBytesArriveUnchanged() throws Exception {
    Part10Instance instance = Part10Instance.open(ct);
    Association a = DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()),
        "SCU", new ProposedContexts().add(instance.sopClassUid(), instance.transferSyntaxUid())
            .build(), List.of(), AssociationOptions.defaults(), ServiceRegistry.none());
    try {
      assertEquals(1018, a.maxPdvData(), "1024 less the PDV header, even");
      assertEquals(Status.OK, StoreScu.store(a, instance, "", 0));
    } finally {
      a.release();
    }
    assertEquals(AssociationState.STA1_IDLE, a.state());
    try (InputStream sent = instance.openDataset();
        InputStream got = Part10Instance.open(storage.stored.get(0)).openDataset()) {
      byte[] expected = sent.readAllBytes();
      assertTrue(expected.length > 30 * 1024, "spans many PDUs: " + expected.length);
      assertArrayEquals(expected, got.readAllBytes());
    }
  }
}
