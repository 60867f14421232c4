package dev.lightbox.http;

import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.dimse.DicomListener;
import dev.lightbox.http.support.Drain;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Services;
import dev.lightbox.service.render.RenderCache;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/**
 * The Lightbox HTTP server: Undertow in front of the services that the composition root ({@link
 * Services}) builds from the configuration (blobs on the filesystem or in S3, the index in SQLite
 * or PostgreSQL). {@link #start} binds;
 * {@link #close} stops accepting, lets in-flight requests finish (up to the shutdown timeout) and
 * then closes the stores.
 */
public final class LightboxServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LightboxServer.class.getName());

  private final ServerConfig config;
  private final Services services;
  private final Undertow undertow;
  private final Drain drain;
  private final Metrics metrics;
  private DicomListener dicom;
  private boolean closed;

  private LightboxServer(ServerConfig config, Services services, Undertow undertow,
      Routes.Wiring wiring, Metrics metrics) {
    this.config = config;
    this.services = services;
    this.undertow = undertow;
    this.drain = wiring.drain();
    this.metrics = metrics;
  }

  /**
   * As {@link #start(ServerConfig)}, plus the DIMSE listener on the same services when {@code
   * dicom} enables it (bound to the HTTP host).
   */
  public static LightboxServer start(ServerConfig config, DicomConfig dicom) throws IOException {
    LightboxServer server = startHttp(config, dicom);
    if (dicom.enabled()) {
      try {
        server.dicom = DicomListener.start(server.services, dicom, config.host());
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
    }
    return server;
  }

  /** Builds the services the config names (through the composition root) and starts listening. */
  public static LightboxServer start(ServerConfig config) throws IOException {
    return startHttp(config, DicomConfig.off());
  }

  private static LightboxServer startHttp(ServerConfig config, DicomConfig dicom)
      throws IOException {
    Metrics metrics = new Metrics();
    Services services;
    try {
      services = Services.open(config.services(), metrics);
    } catch (ServiceException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      RenderCache cache = services.render().cache();
      metrics.gauge("lightbox_render_cache_bytes", cache::usedBytes);
      metrics.gauge("lightbox_render_cache_entries", cache::size);
      metrics.gauge("lightbox_render_cache_hits_total", cache::hits);
      metrics.gauge("lightbox_render_cache_misses_total", cache::misses);
      Routes.Wiring wiring = Routes.build(services, metrics, config, dicom);
      // A connection with no traffic for the idle timeout is closed (keep-alive left open, a
      // client that stops reading a response). Upload bodies that stall are cut off by
      // StallGuard. XNIO's READ_TIMEOUT/WRITE_TIMEOUT socket options would cover both, but with
      // them Undertow's I/O thread busy-spins after every keep-alive request (measured: half the
      // request rate on two cores), so they are not used.
      int idle = (int) config.idleTimeout().toMillis();
      Undertow undertow = Undertow.builder()
          // 64 KiB buffers: uploads and downloads move in fewer I/O-thread hand-offs.
          .setBufferSize(64 * 1024)
          // More workers than uploads may hold (ServerConfig#workerThreads): reads keep threads
          // while every upload slot is taken by a slow or stalled client.
          .setWorkerThreads(config.workerThreads())
          .addHttpListener(config.port(), config.host())
          .setServerOption(UndertowOptions.IDLE_TIMEOUT, idle)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT,
              (int) config.idleTimeout().toMillis())
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT,
              (int) config.requestParseTimeout().toMillis())
          // Refuse absurd header sections early (Undertow answers 400 / closes).
          .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
          .setServerOption(UndertowOptions.MAX_HEADERS, 200)
          .setServerOption(UndertowOptions.MAX_PARAMETERS, 1000)
          // No transport-level body limit: Undertow sizes the chunked decoder's limit when the
          // headers are parsed (default 2 MiB), before the upload handler can lift it, and then
          // cuts chunked uploads above 2 MiB with a bare reset. Uploads enforce their own limit
          // while streaming (413); RequestFraming refuses bodies on every other method.
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
          .setHandler(wiring.root())
          .build();
      undertow.start();
      services.startSweeper();
      return new LightboxServer(config, services, undertow, wiring, metrics);
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  /** The bound port (the real one when the config asked for 0). */
  public int port() {
    for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
      if (info.getAddress() instanceof InetSocketAddress a) {
        return a.getPort();
      }
    }
    throw new IllegalStateException("server is not listening");
  }

  public String baseUrl() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port() + "/";
  }

  /** The DIMSE listener's port; empty when it is off. */
  public java.util.OptionalInt dicomPort() {
    return dicom == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(dicom.port());
  }

  /** The server's metrics registry. */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * Graceful stop (drain): the listening sockets close (new connections are refused, so clients
   * and load balancers go elsewhere), readiness turns 503 {@code draining}, requests in flight and
   * requests still arriving on open connections are served with {@code Connection: close} for up
   * to the drain timeout ({@link ServerConfig#shutdownTimeout}), then the server stops and the
   * index and blob store are closed. An upload cut off by the timeout never leaves a visible
   * partial blob (the blob store writes atomically and the index row is written last, in one
   * transaction). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    drain.start();
    ListenerSockets.close(undertow); // new connections are refused: clients retry elsewhere
    if (dicom != null) {
      try {
        dicom.close(); // open associations abort; a C-STORE in flight keeps nothing
      } catch (IOException e) {
        LOG.log(Level.WARNING, "closing the DIMSE listener: " + e.getMessage());
      }
    }
    try {
      if (!drain.awaitIdle(config.shutdownTimeout())) {
        LOG.log(Level.WARNING, "requests still running after the shutdown timeout of "
            + config.shutdownTimeout().toSeconds() + " s are being cut off");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    services.close();
  }
}
