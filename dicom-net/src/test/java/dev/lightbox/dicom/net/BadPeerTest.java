package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.pdu.Abort;
import dev.lightbox.dicom.net.pdu.AssociateAccept;
import dev.lightbox.dicom.net.pdu.AssociateReject;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.PDataTf;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PduLimits;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduWriter;
import dev.lightbox.dicom.net.pdu.Pdv;
import dev.lightbox.dicom.net.pdu.UserInformation;
import dev.lightbox.dicom.net.scu.ProposedContexts;
import dev.lightbox.dicom.net.scu.QueryRetrieveScu;
import dev.lightbox.dicom.net.service.ScpServices;
import dev.lightbox.dicom.net.testing.Part10Storage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken peers against the acceptor (PS3.8 §9.2 state machine): each is answered with
 * the A-ABORT, A-ASSOCIATE-RJ or close PS3.8 prescribes, within the timers, and the acceptor keeps
 * serving others.
 */
class BadPeerTest {
  private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
  private static final Duration ARTIM = Duration.ofMillis(1500);
  private static final Duration READ = Duration.ofMillis(1000);
  private static final Duration IDLE = Duration.ofMillis(2000);

  @TempDir Path dir;
  private Part10Storage storage;
  private DimseServer server;

  @BeforeEach
  void start() throws Exception {
    storage = new Part10Storage(dir);
    server = startServer(8);
  }

  private DimseServer startServer(int maxAssociations) throws IOException {
    return DimseServer.start(AcceptorConfig.of("LIGHTBOX")
            .withOptions(AssociationOptions.defaults().withTimeouts(ARTIM, READ, IDLE))
            .withMaxAssociations(maxAssociations),
        ScpServices.builder().storage(storage).build(), InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void pDataBeforeAssociationIsAbortedAsUnexpected() throws Exception {
    try (Socket s = connect()) {
      write(s, new PDataTf(List.of(new Pdv(1, true, true, new byte[] {1, 2}))));
      assertEquals(Abort.byProvider(Abort.REASON_UNEXPECTED_PDU), read(s));
      assertClosed(s);
    }
    assertStillServing();
  }

  @Test
  void unknownPduTypeIsAbortedAsUnrecognized() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(new byte[] {0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0});
      assertEquals(Abort.byProvider(Abort.REASON_UNRECOGNIZED_PDU), read(s));
      assertClosed(s);
    }
    assertStillServing();
  }

  @Test
  void oversizedAssociateRequestIsAbortedBeforeAllocating() throws Exception {
    try (Socket s = connect()) {
      // Claims 2 GiB; the acceptor must refuse from the header alone.
      s.getOutputStream().write(new byte[] {0x01, 0, 0x7F, (byte) 0xFF, (byte) 0xFF,
          (byte) 0xFF});
      assertEquals(Abort.byProvider(Abort.REASON_INVALID_PDU_PARAMETER_VALUE), read(s));
      assertClosed(s);
    }
    assertStillServing();
  }

  @Test
  void itemLengthBeyondThePduIsAbortedAsInvalid() throws Exception {
    byte[] rq = PduWriter.encode(request(CT));
    rq[6 + 68 + 3] = (byte) 0xF0; // Application Context item length, low byte: past the PDU
    rq[6 + 68 + 2] = (byte) 0x7F;
    try (Socket s = connect()) {
      s.getOutputStream().write(rq);
      assertEquals(Abort.byProvider(Abort.REASON_INVALID_PDU_PARAMETER_VALUE), read(s));
    }
    assertStillServing();
  }

  @Test
  void truncatedRequestIsClosedWithoutHarm() throws Exception {
    byte[] rq = PduWriter.encode(request(CT));
    try (Socket s = connect()) {
      s.getOutputStream().write(rq, 0, rq.length / 2);
      s.shutdownOutput();
      // The PDU ended early: a malformed PDU, answered A-ABORT (provider, reason not specified).
      assertEquals(Abort.byProvider(Abort.REASON_NOT_SPECIFIED), read(s));
      assertClosed(s);
    }
    assertStillServing();
  }

  @Test
  void silentPeerIsClosedWhenArtimExpires() throws Exception {
    long start = System.nanoTime();
    try (Socket s = connect()) {
      assertClosed(s);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms >= ARTIM.toMillis() - 100 && ms < ARTIM.toMillis() + 3000, ms + " ms");
  }

  @Test
  void nothingAcceptableIsRejectedPermanentlyByTheServiceUser() throws Exception {
    AssociationRejectedException e = assertThrows(AssociationRejectedException.class,
        () -> DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()), "PEER",
            new ProposedContexts().add("1.2.3.4.5.6.7", Uids.IMPLICIT_VR_LITTLE_ENDIAN)
                .add(CT, "1.2.3.999").build(), List.of(), AssociationOptions.defaults(),
            ServiceRegistry.none()));
    assertEquals(new AssociateReject(AssociateReject.RESULT_REJECTED_PERMANENT,
        AssociateReject.SOURCE_SERVICE_USER, AssociateReject.USER_NO_REASON), e.reject());
  }

  @Test
  void pDataLongerThanTheAnnouncedMaximumIsAborted() throws Exception {
    try (Socket s = associate(CT)) {
      int tooLong = AssociationOptions.defaults().maxReceivePduLength() + 100;
      byte[] header = {0x04, 0, (byte) (tooLong >>> 24), (byte) (tooLong >>> 16),
          (byte) (tooLong >>> 8), (byte) tooLong};
      s.getOutputStream().write(header);
      assertEquals(Abort.byProvider(Abort.REASON_INVALID_PDU_PARAMETER_VALUE), read(s));
      assertClosed(s);
    }
  }

  @Test
  void abortInTheMiddleOfAStoreKeepsNothing() throws Exception {
    try (Socket s = associate(CT)) {
      sendStoreStart(s);
      write(s, Abort.byUser());
      awaitFailedStream();
    }
    assertTrue(storage.stored.isEmpty());
    assertTrue(storage.leftovers().isEmpty(), storage.leftovers().toString());
    assertInstanceOf(AssociationAbortedException.class, storage.failedStreams.get(0));
  }

  @Test
  void stalledStoreIsAbortedAfterTheReadTimeoutAndKeepsNothing() throws Exception {
    try (Socket s = associate(CT)) {
      long start = System.nanoTime();
      sendStoreStart(s);
      Pdu answer = read(s);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertInstanceOf(Abort.class, answer);
      assertTrue(ms >= READ.toMillis() - 100 && ms < READ.toMillis() + 3000, ms + " ms");
      awaitFailedStream();
    }
    assertTrue(storage.stored.isEmpty());
    assertTrue(storage.leftovers().isEmpty());
  }

  @Test
  void idleAssociationIsAborted() throws Exception {
    try (Socket s = associate(CT)) {
      long start = System.nanoTime();
      assertInstanceOf(Abort.class, read(s));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ms >= IDLE.toMillis() - 100 && ms < IDLE.toMillis() + 3000, ms + " ms");
    }
  }

  @Test
  void twoHundredConcurrentAttemptsAreBoundedAndEachAnswered() throws Exception {
    server.close();
    server = startServer(10);
    int attempts = 200;
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger rejectedForLimit = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      futures.add(pool.submit(() -> {
        try {
          Association a = DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()),
              "FLOOD", new ProposedContexts().add(Uids.VERIFICATION,
                  Uids.IMPLICIT_VR_LITTLE_ENDIAN).build(), List.of(),
              AssociationOptions.defaults(), ServiceRegistry.none());
          accepted.incrementAndGet();
          maxActive.accumulateAndGet(server.activeAssociations(), Math::max);
          assertEquals(Status.OK, QueryRetrieveScu.echo(a));
          Thread.sleep(200);
          a.release();
        } catch (AssociationRejectedException e) {
          assertEquals(new AssociateReject(AssociateReject.RESULT_REJECTED_TRANSIENT,
              AssociateReject.SOURCE_SERVICE_PROVIDER_PRESENTATION,
              AssociateReject.PRESENTATION_LOCAL_LIMIT_EXCEEDED), e.reject());
          rejectedForLimit.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(attempts, accepted.get() + rejectedForLimit.get());
    assertTrue(accepted.get() >= 10, "accepted " + accepted);
    assertTrue(rejectedForLimit.get() > 0, "some rejected");
    assertTrue(maxActive.get() <= 10, "at most 10 at once, saw " + maxActive);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.activeAssociations() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, server.activeAssociations(), "no association left running");
    assertStillServing();
  }

  // ---- helpers

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static AssociateRequest request(String sopClass) {
    return new AssociateRequest(1, "LIGHTBOX", "PEER", AssociateRequest.DICOM_APPLICATION_CONTEXT,
        new ProposedContexts().add(sopClass, Uids.EXPLICIT_VR_LITTLE_ENDIAN).build(),
        new UserInformation(16384, "1.2.3", "TEST", 0, 0, List.of()));
  }

  /** A raw connection with an established association for {@code sopClass}. */
  private Socket associate(String sopClass) throws IOException {
    Socket s = connect();
    write(s, request(sopClass));
    assertInstanceOf(AssociateAccept.class, read(s));
    return s;
  }

  /** C-STORE-RQ command and a first data fragment that is not the last one. */
  private static void sendStoreStart(Socket s) throws IOException {
    byte[] command = Commands.store(1, CT, "1.2.3.4.5", "", 0).encode();
    write(s, new PDataTf(List.of(new Pdv(1, true, true, command))));
    write(s, new PDataTf(List.of(new Pdv(1, false, false, new byte[] {8, 0, 0x18, 0}))));
  }

  private void awaitFailedStream() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (storage.failedStreams.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, storage.failedStreams.size(), "the provider saw the stream fail");
  }

  private static void write(Socket s, Pdu pdu) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(PduWriter.encode(pdu));
    out.flush();
  }

  private static Pdu read(Socket s) throws IOException {
    return new PduReader(s.getInputStream(), PduLimits.defaults()).read();
  }

  private static void assertClosed(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      assertEquals(-1, in.read(), "connection closed by the acceptor");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("acceptor left the connection open", e);
    } catch (IOException e) {
      if (e instanceof EOFException) {
        return;
      }
      // A reset also closes it.
    }
  }

  private void assertStillServing() throws IOException {
    Association a = DimseClient.open(new RemoteAe("LIGHTBOX", "127.0.0.1", server.port()), "OK",
        new ProposedContexts().add(Uids.VERIFICATION, Uids.IMPLICIT_VR_LITTLE_ENDIAN).build(),
        List.of(), AssociationOptions.defaults(), ServiceRegistry.none());
    try {
      assertEquals(Status.OK, QueryRetrieveScu.echo(a));
    } finally {
      a.release();
    }
  }

}
