package dev.lightbox.http;

import dev.lightbox.http.auth.oidc.OidcAuthenticator;
import dev.lightbox.http.auth.oidc.OidcVerifier;
import dev.lightbox.http.auth.AccessConfig;
import dev.lightbox.http.auth.AccessControl;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.dimse.DicomListener;
import dev.lightbox.http.support.Drain;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.http.tls.TlsProfile;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Services;
import dev.lightbox.service.render.RenderCache;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Optional;

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
  private final SecurityConfig security;
  private final Optional<OidcVerifier> oidc;
  private final AccessControl access;
  private DicomListener dicom;
  private boolean closed;

  private LightboxServer(ServerConfig config, Services services, Undertow undertow,
      Routes.Wiring wiring, Metrics metrics, AccessControl access, SecurityConfig security,
      Optional<OidcVerifier> oidc) {
    this.config = config;
    this.access = access;
    this.security = security;
    this.oidc = oidc;
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
    return start(config, dicom, AccessConfig.none(), SecurityConfig.none());
  }

  /**
   * As {@link #start(ServerConfig, DicomConfig)}, serving HTTPS when {@code security} has TLS
   * material (the DIMSE listener stays plain DICOM: DICOM TLS is not implemented) and building
   * the OIDC verifier when it names an issuer.
   */
  public static LightboxServer start(ServerConfig config, DicomConfig dicom,
      SecurityConfig security) throws IOException {
    return start(config, dicom, AccessConfig.none(), security);
  }

  /** As {@link #start(ServerConfig, DicomConfig, AccessConfig, SecurityConfig)} over plain HTTP. */
  public static LightboxServer start(ServerConfig config, DicomConfig dicom, AccessConfig access)
      throws IOException {
    return start(config, dicom, access, SecurityConfig.none());
  }

  /**
   * As above, with access control (docs/security.md): tokens (and, when {@code security} names
   * an issuer, OIDC JWTs) checked on every non-public route when {@code access} requires it, and
   * the audit log; HTTPS when {@code security} has TLS material. A host that is not loopback
   * without authentication is refused unless the operator accepted it ({@code
   * --insecure-no-auth}), which is logged as a warning at every start.
   *
   * @throws IllegalArgumentException when {@link AccessConfig#refusal} refuses the host
   */
  public static LightboxServer start(ServerConfig config, DicomConfig dicom, AccessConfig access,
      SecurityConfig security) throws IOException {
    access.refusal(config.host()).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    if (!access.required() && !AccessConfig.loopbackOnly(config.host())) {
      LOG.log(Level.WARNING, "serving " + config.host() + " WITHOUT authentication "
          + "(--insecure-no-auth): anyone who can reach it can read and delete every image");
    }
    if (access.required() && dicom.enabled() && !dicom.peersOnly()) {
      LOG.log(Level.WARNING, "the DIMSE listener accepts any calling AE (--dicom-peers-only=false):"
          + " any AE that reaches port " + dicom.port().orElse(0) + " can store and query; bind "
          + "it where only modalities can");
    }
    LightboxServer server = startHttp(config, dicom, access, security);
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
    return startHttp(config, DicomConfig.off(), AccessConfig.none(), SecurityConfig.none());
  }

  private static LightboxServer startHttp(ServerConfig config, DicomConfig dicom,
      AccessConfig accessConfig, SecurityConfig security) throws IOException {
    Metrics metrics = new Metrics();
    Services services;
    try {
      services = Services.open(config.services(), metrics);
    } catch (ServiceException e) {
      throw new IOException(e.getMessage(), e);
    }
    AccessControl access = null;
    try {
      RenderCache cache = services.render().cache();
      metrics.gauge("lightbox_render_cache_bytes", cache::usedBytes);
      metrics.gauge("lightbox_render_cache_entries", cache::size);
      metrics.gauge("lightbox_render_cache_hits_total", cache::hits);
      metrics.gauge("lightbox_render_cache_misses_total", cache::misses);
      // The OIDC verifier, built once per server, judges JWT-shaped bearer credentials beside
      // Lightbox's own tokens (docs/security.md, "OIDC").
      Optional<OidcVerifier> oidc = security.oidc().map(OidcVerifier::new);
      oidc.ifPresent(v -> v.prefetch().ifPresent(why -> LOG.log(Level.WARNING,
          "OIDC issuer not reachable at start-up (tokens are checked once it is): " + why)));
      access = AccessControl.open(oidc.map(v -> accessConfig.withVerifier(new OidcAuthenticator(v)))
          .orElse(accessConfig), services.tokens());
      Routes.Wiring wiring = Routes.build(services, metrics, config, dicom, access);
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
          // HTTPS only when TLS is configured: no plain listener beside it (docs/security.md).
          .addListener(TlsProfile.listener(config.port(), config.host(), security.tls()))
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
      return new LightboxServer(config, services, undertow, wiring, metrics, access, security,
          oidc);
    } catch (IOException | RuntimeException e) {
      if (access != null) {
        access.close();
      }
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
    String scheme = security.tls().isPresent() ? "https" : "http";
    return scheme + "://" + host + ":" + port() + "/";
  }

  /** The DIMSE listener's port; empty when it is off. */
  public java.util.OptionalInt dicomPort() {
    return dicom == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(dicom.port());
  }

  /** The OIDC verifier when an issuer is configured (the auth gate's JWT path). */
  public Optional<OidcVerifier> oidcVerifier() {
    return oidc;
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
    access.close(); // writes the audit lines still queued
    services.close();
  }
}
