package dev.lightbox.dicom.net;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.net.dimse.Command;
import dev.lightbox.dicom.net.dimse.CommandField;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.pdu.Abort;
import dev.lightbox.dicom.net.pdu.AssociateAccept;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.PduFormatException;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduWriter;
import dev.lightbox.dicom.net.pdu.ReleaseRequest;
import dev.lightbox.dicom.net.pdu.ReleaseResponse;
import dev.lightbox.dicom.net.pdu.RoleSelection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An established association (PS3.8 §9.2 state Sta6) seen from either end. One reader thread
 * receives every message: requests go to the registered {@link DimseService}s, responses to the
 * caller waiting in {@link #invoke}, C-CANCEL to the running operation. Writes of whole messages
 * are serialised. Release (Sta7/Sta8) and abort end it; any protocol error, timeout or closed
 * connection aborts it and fails every waiting caller with {@link AssociationAbortedException}.
 */
public final class Association implements Closeable {
  private static final ReadOptions IDENTIFIER_OPTIONS = ReadOptions.defaults()
      .withBulkThreshold(Integer.MAX_VALUE);

  private final Socket socket;
  private final PduWriter writer;
  private final MessageReader reader;
  private final boolean requestor;
  private final AssociateRequest request;
  private final AssociateAccept accept;
  private final AssociationOptions options;
  private final ServiceRegistry services;
  private final Map<Integer, AcceptedContext> contexts;
  private final Map<String, RoleSelection> acceptedRoles;
  private final int maxPdvData;
  private final Object writeLock = new Object();
  private final AtomicInteger messageIds = new AtomicInteger();
  private final Map<Integer, BlockingQueue<Object>> outstanding = new ConcurrentHashMap<>();
  private final Map<Integer, CancelToken> operations = new ConcurrentHashMap<>();
  private final AtomicInteger runningOperations = new AtomicInteger();
  private final ExecutorService worker;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile long writeStartedNanos;
  private volatile AssociationState state = AssociationState.STA6_ESTABLISHED;
  private volatile boolean releasing;
  private volatile boolean closed;
  private volatile IOException failure;

  Association(Socket socket, PduReader pdus, PduWriter writer, boolean requestor,
      AssociateRequest request, AssociateAccept accept, AssociationOptions options,
      ServiceRegistry services) {
    this.socket = socket;
    this.writer = writer;
    this.requestor = requestor;
    this.request = request;
    this.accept = accept;
    this.options = options;
    this.services = services;
    this.contexts = acceptedContexts(request, accept);
    this.acceptedRoles = roles(accept);
    long peerMax = requestor ? accept.userInformation().maxPduLength()
        : request.userInformation().maxPduLength();
    long limit = peerMax == 0 ? options.maxSendPduLength()
        : Math.min(peerMax, options.maxSendPduLength());
    // Fragments of even length: data sets are even (PS3.5 §7.1) and peers refuse odd fragments.
    this.maxPdvData = (int) Math.max(2, (limit - 6) & ~1L);
    this.reader = new MessageReader(socket, pdus, contexts, options, this::busy,
        this::writeStalled);
    String name = "dimse-" + (requestor ? "scu-" : "scp-") + remoteAeTitle();
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-op");
      t.setDaemon(true);
      return t;
    });
  }

  private static Map<Integer, AcceptedContext> acceptedContexts(AssociateRequest rq,
      AssociateAccept ac) {
    Map<Integer, String> abstracts = new LinkedHashMap<>();
    rq.presentationContexts().forEach(pc -> abstracts.put(pc.id(), pc.abstractSyntax()));
    Map<Integer, AcceptedContext> map = new LinkedHashMap<>();
    ac.results().stream().filter(r -> r.accepted() && abstracts.containsKey(r.id()))
        .forEach(r -> map.put(r.id(),
            new AcceptedContext(r.id(), abstracts.get(r.id()), r.transferSyntax())));
    return Collections.unmodifiableMap(map);
  }

  private static Map<String, RoleSelection> roles(AssociateAccept ac) {
    Map<String, RoleSelection> map = new LinkedHashMap<>();
    ac.userInformation().roleSelections().forEach(r -> map.put(r.sopClassUid(), r));
    return map;
  }

  public boolean isRequestor() {
    return requestor;
  }

  public String localAeTitle() {
    return requestor ? request.callingAeTitle() : request.calledAeTitle();
  }

  public String remoteAeTitle() {
    return requestor ? request.calledAeTitle() : request.callingAeTitle();
  }

  public AssociateRequest request() {
    return request;
  }

  public AssociateAccept accept() {
    return accept;
  }

  public Map<Integer, AcceptedContext> contexts() {
    return contexts;
  }

  /** The largest fragment this end sends: the peer's maximum PDU length less the PDV header. */
  public int maxPdvData() {
    return maxPdvData;
  }

  /** The first accepted context for {@code sopClass} in {@code transferSyntax}. */
  public Optional<AcceptedContext> context(String sopClass, String transferSyntax) {
    return contexts.values().stream().filter(c -> c.abstractSyntax().equals(sopClass)
        && c.transferSyntax().equals(transferSyntax)).findFirst();
  }

  /** The first accepted context for {@code sopClass}, in any transfer syntax. */
  public Optional<AcceptedContext> context(String sopClass) {
    return contexts.values().stream().filter(c -> c.abstractSyntax().equals(sopClass))
        .findFirst();
  }

  /**
   * True when the association requestor may act as SCP of {@code sopClass} (PS3.7 D.3.3.4): only
   * with an accepted SCP/SCU Role Selection item saying so.
   */
  public boolean requestorMayBeScp(String sopClass) {
    RoleSelection r = acceptedRoles.get(sopClass);
    return r != null && r.scp();
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Where this association is in the PS3.8 §9.2 state machine. */
  public AssociationState state() {
    return state;
  }

  /** A fresh Message ID (PS3.7 §9.1.1.1.1): 1..65535, wrapping. */
  public int nextMessageId() {
    return (messageIds.getAndIncrement() & 0xFFFF) % 0xFFFF + 1;
  }

  /** Writes the data set of a message; the association fragments it. */
  @FunctionalInterface
  public interface DataWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A data writer copying {@code in} (which it does not close). */
  public static DataWriter copyOf(InputStream in) {
    return out -> in.transferTo(out);
  }

  /**
   * Sends one message: the command, then the data set if {@code data} is not null. A data writer
   * that fails half-way leaves the peer with a partial data set, so the association is aborted.
   */
  public void send(int contextId, Command command, DataWriter data) throws IOException {
    checkOpen();
    synchronized (writeLock) {
      writeStartedNanos = System.nanoTime() | 1;
      try {
        PDataOutputStream cmd = new PDataOutputStream(writer, contextId, true, maxPdvData);
        cmd.write(command.encode());
        cmd.finish();
        if (data != null) {
          PDataOutputStream out = new PDataOutputStream(writer, contextId, false, maxPdvData);
          try {
            data.writeTo(out);
          } catch (IOException | RuntimeException e) {
            abortQuietly(Abort.byUser());
            throw new AssociationAbortedException("data set could not be sent; association"
                + " aborted: " + e.getMessage(), e);
          }
          out.finish();
        }
      } catch (IOException e) {
        fail(e);
        throw e;
      } finally {
        writeStartedNanos = 0;
      }
    }
  }

  /** Responses to one request, in order; the last is the one whose status is not pending. */
  public final class Responses {
    private final int messageId;
    private final BlockingQueue<Object> queue;
    private boolean done;

    private Responses(int messageId, BlockingQueue<Object> queue) {
      this.messageId = messageId;
      this.queue = queue;
    }

    /** The next response; blocks. After the final one, further calls throw. */
    public DimseResponse next() throws IOException {
      if (done) {
        throw new IllegalStateException("final response already received");
      }
      Object o;
      try {
        o = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting for a response");
      }
      if (o instanceof IOException e) {
        done = true;
        throw new AssociationAbortedException(e.getMessage(), e);
      }
      DimseResponse r = (DimseResponse) o;
      done = !r.status().isPending();
      return r;
    }

    /** Sends C-CANCEL-RQ for this request (PS3.7 §9.3.2.3); responses keep coming until final. */
    public void cancel(int contextId) throws IOException {
      send(contextId, Commands.cancel(messageId), null);
    }
  }

  /** Sends a request and returns its responses, registered before the request leaves. */
  public Responses invoke(int contextId, Command request, DataWriter data) throws IOException {
    int id = request.messageId();
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    outstanding.put(id, queue);
    IOException f = failure;
    if (f != null) {
      outstanding.remove(id);
      throw new AssociationAbortedException(f.getMessage(), f);
    }
    try {
      send(contextId, request, data);
    } catch (IOException e) {
      outstanding.remove(id);
      throw e;
    }
    return new Responses(id, queue);
  }

  /**
   * Runs a long operation (C-FIND, C-MOVE, C-GET) off the reader thread, so C-CANCEL and, for
   * C-GET, C-STORE responses keep being read. One operation runs at a time (asynchronous
   * operations window 1, PS3.7 D.3.3.3).
   */
  public void runOperation(int messageId, Operation operation) {
    CancelToken token = new CancelToken();
    operations.put(messageId, token);
    runningOperations.incrementAndGet();
    worker.execute(() -> {
      try {
        operation.run(token);
      } catch (IOException e) {
        fail(e);
      } catch (RuntimeException e) {
        abortQuietly(Abort.byUser());
        fail(new IOException("operation failed: " + e, e));
      } finally {
        operations.remove(messageId);
        runningOperations.decrementAndGet();
      }
    });
  }

  /** A cancellable operation run by {@link #runOperation}. */
  @FunctionalInterface
  public interface Operation {
    void run(CancelToken cancel) throws IOException;
  }

  /** Reads a small data set (an identifier) in the context's transfer syntax, bounded in size. */
  public Dataset readIdentifier(IncomingMessage message) throws IOException {
    InputStream bounded = new BoundedInputStream(message.data(), options.maxIdentifierLength());
    return DicomReader.readDataset(bounded,
        TransferSyntax.of(message.context().transferSyntax()), IDENTIFIER_OPTIONS).dataset();
  }

  /** Runs the reader loop until the association ends; the acceptor's thread calls this. */
  void readLoop() {
    try {
      while (true) {
        Object next = reader.next();
        if (next == MessageReader.Release.REQUESTED) {
          onReleaseRequested();
          return;
        }
        if (next == MessageReader.Release.CONFIRMED) {
          if (!releasing) {
            throw ProtocolException.unexpectedPdu("A-RELEASE-RP without a release request");
          }
          return;
        }
        IncomingMessage m = (IncomingMessage) next;
        int field = m.command().field();
        if (CommandField.isResponse(field)) {
          deliver(m);
        } else if (field == CommandField.C_CANCEL_RQ) {
          CancelToken token = operations.get(m.command().messageIdBeingRespondedTo());
          if (token != null) {
            token.cancel();
          }
        } else {
          services.dispatch(this, m);
        }
        if (m.data() instanceof PDataInputStream p) {
          p.drain();
        }
      }
    } catch (PduFormatException e) {
      abortQuietly(Abort.byProvider(e.abortReason()));
      fail(e);
    } catch (ProtocolException e) {
      abortQuietly(Abort.byProvider(e.abortReason()));
      fail(e);
    } catch (TimeoutAbortException e) {
      if (!writeStalled()) {
        abortQuietly(Abort.byUser());
      }
      fail(e);
    } catch (IOException e) {
      fail(e);
    } catch (RuntimeException e) {
      abortQuietly(Abort.byUser());
      fail(new IOException("service failed: " + e, e));
    } finally {
      closeSocket();
    }
  }

  private void deliver(IncomingMessage m) throws IOException {
    int id = m.command().messageIdBeingRespondedTo();
    BlockingQueue<Object> queue = outstanding.get(id);
    if (queue == null) {
      throw new ProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER,
          CommandField.name(m.command().field()) + " to unknown message ID " + id);
    }
    Dataset dataset = m.command().hasDataSet() ? readIdentifier(m) : Dataset.EMPTY;
    DimseResponse response = new DimseResponse(m.command(), dataset);
    if (!response.status().isPending()) {
      outstanding.remove(id);
    }
    queue.add(response);
  }

  /** Acceptor side of release (PS3.8 §9.2, AR-2/AR-4): finish the operation, answer, close. */
  private void onReleaseRequested() throws IOException {
    if (requestor && releasing) {
      // Release collision (PS3.8 §9.2.3, Sta9-Sta12): answer, then keep waiting for our RP.
      writeRaw(ReleaseResponse.INSTANCE);
      return;
    }
    state = AssociationState.STA8_AWAITING_LOCAL_RELEASE_RESPONSE;
    worker.shutdown();
    try {
      worker.awaitTermination(options.artimTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeRaw(ReleaseResponse.INSTANCE);
    state = AssociationState.STA13_AWAITING_CLOSE;
    awaitPeerClose();
    fail(new AssociationAbortedException("association released by peer"));
  }

  /**
   * Releases the association (requestor, PS3.8 §7.2): A-RELEASE-RQ, then waits up to ARTIM for
   * A-RELEASE-RP and closes. Outstanding operations should have completed.
   */
  public void release() throws IOException {
    if (closed) {
      return;
    }
    releasing = true;
    state = AssociationState.STA7_AWAITING_RELEASE_RP;
    writeRaw(ReleaseRequest.INSTANCE);
    try {
      if (!ended.await(options.artimTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        abortQuietly(Abort.byUser());
        throw new TimeoutAbortException("no A-RELEASE-RP within ARTIM "
            + options.artimTimeout().toMillis() + " ms; aborted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortQuietly(Abort.byUser());
    } finally {
      closeSocket();
    }
  }

  /** Aborts the association (A-ABORT by the service user, PS3.8 §7.3) and closes it. */
  public void abort() {
    abortQuietly(Abort.byUser());
    fail(new AssociationAbortedException("association aborted locally"));
    closeSocket();
  }

  @Override
  public void close() {
    if (!closed) {
      abort();
    }
  }

  /** Blocks until the reader loop has ended (released, aborted or failed). */
  public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
    return ended.await(timeout, unit);
  }

  void startReader() {
    Thread t = new Thread(this::readLoop, "dimse-scu-reader-" + remoteAeTitle());
    t.setDaemon(true);
    t.start();
  }

  private void writeRaw(dev.lightbox.dicom.net.pdu.Pdu pdu) throws IOException {
    synchronized (writeLock) {
      writer.write(pdu);
    }
  }

  private void abortQuietly(Abort abort) {
    if (closed) {
      return;
    }
    try {
      socket.setSoLinger(true, 1);
      synchronized (writeLock) {
        writer.write(abort);
      }
      state = AssociationState.STA13_AWAITING_CLOSE;
    } catch (IOException | RuntimeException ignored) {
      // The connection is going away either way; the abort is best effort (PS3.8 §9.2, AA-1).
    }
  }

  private void awaitPeerClose() {
    try {
      socket.setSoTimeout((int) Math.max(1, options.artimTimeout().toMillis()));
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[256];
      while (in.read(sink) >= 0) {
        // Sta13: anything but the close is ignored until ARTIM expires (PS3.8 §9.2, AA-6).
      }
    } catch (IOException ignored) {
      // ARTIM expired or the connection reset: close it ourselves.
    }
  }

  private void fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
    for (BlockingQueue<Object> q : outstanding.values()) {
      q.add(e);
    }
    outstanding.clear();
    operations.values().forEach(CancelToken::cancel);
  }

  private void closeSocket() {
    closed = true;
    state = AssociationState.STA1_IDLE;
    if (failure == null) {
      failure = new AssociationAbortedException("association closed");
    }
    fail(failure);
    worker.shutdownNow();
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
    ended.countDown();
  }

  private void checkOpen() throws IOException {
    IOException f = failure;
    if (closed || f != null) {
      throw new AssociationAbortedException("association is no longer open"
          + (f == null ? "" : ": " + f.getMessage()), f);
    }
  }

  private boolean busy() {
    return !outstanding.isEmpty() || runningOperations.get() > 0;
  }

  private boolean writeStalled() {
    long started = writeStartedNanos;
    return started != 0
        && System.nanoTime() - started > options.readTimeout().toNanos();
  }

  /** Responds to a request with a bare status; used for requests no service handles. */
  public void respond(IncomingMessage request, Status status) throws IOException {
    send(request.context().id(), Commands.response(request.command(), status, false), null);
  }
}
