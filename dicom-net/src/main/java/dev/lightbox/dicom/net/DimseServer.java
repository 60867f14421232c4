package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.Abort;
import dev.lightbox.dicom.net.pdu.AssociateAccept;
import dev.lightbox.dicom.net.pdu.AssociateReject;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PduFormatException;
import dev.lightbox.dicom.net.pdu.PduLimits;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduType;
import dev.lightbox.dicom.net.pdu.PduWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The acceptor (PS3.8 §9.2, states Sta2–Sta6 and Sta13): listens, negotiates each association
 * under the ARTIM timer and serves it on its own thread until it ends. At most {@link
 * AcceptorConfig#maxAssociations()} run at once; beyond that a small pool answers each extra
 * request with A-ASSOCIATE-RJ (rejected-transient, local-limit-exceeded), and when even that pool
 * is full the connection is closed at once, so a flood cannot exhaust threads.
 */
public final class DimseServer implements Closeable {
  private static final Logger LOG = Logger.getLogger(DimseServer.class.getName());
  private static final int REJECTOR_THREADS = 4;
  private static final int REJECTOR_QUEUE = 256;

  private final AcceptorConfig config;
  private final ServiceRegistry services;
  private final ServerSocket serverSocket;
  private final Negotiator negotiator;
  private final Semaphore permits;
  private final ThreadPoolExecutor associations;
  private final ThreadPoolExecutor rejectors;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger rejectedBusy = new AtomicInteger();
  private final Thread acceptThread;
  private volatile boolean closing;

  private DimseServer(AcceptorConfig config, ServiceRegistry services, ServerSocket socket) {
    this.config = config;
    this.services = services;
    this.serverSocket = socket;
    this.negotiator = new Negotiator(config);
    this.permits = new Semaphore(config.maxAssociations());
    // The semaphore bounds associations; the pool has headroom so that a thread that has released
    // its permit but not yet returned to the pool never turns a permitted request away.
    this.associations = new ThreadPoolExecutor(0, 2 * config.maxAssociations(), 30,
        TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("dimse-association"));
    this.rejectors = new ThreadPoolExecutor(REJECTOR_THREADS, REJECTOR_THREADS, 30,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(REJECTOR_QUEUE), daemon("dimse-reject"));
    this.rejectors.allowCoreThreadTimeOut(true);
    this.acceptThread = new Thread(this::acceptLoop, "dimse-accept-" + config.aeTitle());
    this.acceptThread.setDaemon(true);
  }

  /** Binds {@code address:port} (port 0 picks a free one) and starts accepting. */
  public static DimseServer start(AcceptorConfig config, ServiceRegistry services,
      InetAddress address, int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(address, port), 512);
    DimseServer server = new DimseServer(config, services, socket);
    server.acceptThread.start();
    return server;
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Associations currently open (negotiating or established). */
  public int activeAssociations() {
    return config.maxAssociations() - permits.availablePermits();
  }

  /** How many requests were rejected because the limit was reached, since start. */
  public int rejectedForLimit() {
    return rejectedBusy.get();
  }

  /** Stops accepting and closes every open connection (their associations abort). */
  @Override
  public void close() throws IOException {
    closing = true;
    serverSocket.close();
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
    associations.shutdownNow();
    rejectors.shutdownNow();
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.log(Level.WARNING, "accept failed", e);
        }
        continue;
      }
      open.add(socket);
      if (permits.tryAcquire()) {
        try {
          associations.execute(() -> {
            try {
              serve(socket);
            } finally {
              permits.release();
            }
          });
        } catch (RejectedExecutionException e) {
          permits.release();
          closeQuietly(socket);
        }
      } else {
        rejectedBusy.incrementAndGet();
        try {
          rejectors.execute(() -> rejectBusy(socket));
        } catch (RejectedExecutionException e) {
          closeQuietly(socket);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(timeoutMillis(config.options().artimTimeout()));
      PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 65536),
          limits());
      PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), 65536));
      Pdu first = firstPdu(socket, reader, writer);
      if (first == null) {
        return;
      }
      AssociateRequest rq = (AssociateRequest) first;
      Pdu answer = negotiator.answer(rq, socket.getInetAddress());
      writer.write(answer);
      if (answer instanceof AssociateReject) {
        awaitClose(socket);
        return;
      }
      Association association = new Association(socket, reader, writer, false, rq,
          (AssociateAccept) answer, config.options(), services);
      association.readLoop();
    } catch (IOException e) {
      LOG.log(Level.FINE, "association ended: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "association failed", e);
    } finally {
      closeQuietly(socket);
    }
  }

  /**
   * Sta2: the only acceptable PDU is A-ASSOCIATE-RQ. A malformed or unexpected PDU is answered with
   * A-ABORT (PS3.8 §9.2.3, AA-1); ARTIM expiry or a close just closes (AA-2, AA-5).
   */
  private Pdu firstPdu(Socket socket, PduReader reader, PduWriter writer) throws IOException {
    Pdu pdu;
    try {
      pdu = reader.read();
    } catch (PduFormatException e) {
      abortAndClose(socket, writer, Abort.byProvider(e.abortReason()));
      return null;
    } catch (SocketTimeoutException | java.io.EOFException e) {
      return null;
    }
    if (pdu instanceof AssociateRequest) {
      return pdu;
    }
    if (pdu.type() != PduType.A_ABORT) {
      abortAndClose(socket, writer, Abort.byProvider(Abort.REASON_UNEXPECTED_PDU));
    }
    return null;
  }

  private void rejectBusy(Socket socket) {
    try {
      socket.setSoTimeout(timeoutMillis(config.options().artimTimeout()));
      PduReader reader = new PduReader(socket.getInputStream(), limits());
      PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream()));
      if (firstPdu(socket, reader, writer) != null) {
        writer.write(new AssociateReject(AssociateReject.RESULT_REJECTED_TRANSIENT,
            AssociateReject.SOURCE_SERVICE_PROVIDER_PRESENTATION,
            AssociateReject.PRESENTATION_LOCAL_LIMIT_EXCEEDED));
        awaitClose(socket);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "rejecting a request over the limit failed: " + e.getMessage(), e);
    } finally {
      closeQuietly(socket);
    }
  }

  private void abortAndClose(Socket socket, PduWriter writer, Abort abort) {
    try {
      writer.write(abort);
      awaitClose(socket);
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  /** Sta13: wait (ARTIM) for the peer to close after a reject or abort, then close. */
  private void awaitClose(Socket socket) {
    try {
      socket.setSoTimeout(timeoutMillis(config.options().artimTimeout()));
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[512];
      while (in.read(sink) >= 0) {
        // Ignored until the close (PS3.8 §9.2, Sta13).
      }
    } catch (IOException ignored) {
      // ARTIM expired or reset.
    }
  }

  private PduLimits limits() {
    return new PduLimits(config.options().maxReceivePduLength(),
        config.options().maxAssociatePduLength());
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  private static int timeoutMillis(java.time.Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
