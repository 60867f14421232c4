package dev.lightbox.http;

import dev.lightbox.service.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Server settings: the transport's own (address, timeouts, CORS) and the services' ({@link
 * ServiceConfig}: data directory, stores, limits, sweeper, durability).
 *
 * @param host interface to bind; loopback by default so a fresh install is not exposed
 * @param port TCP port; 0 picks a free one (tests)
 * @param idleTimeout a connection with no traffic for this long is closed (stalled clients)
 * @param requestParseTimeout the request line and headers must arrive within this time
 * @param bodyReadTimeout a blocking read of a request body (or write of a response) that makes no
 *     progress for this long fails, so a stalled upload ends with 408 instead of holding a thread
 * @param shutdownTimeout on close, in-flight requests get this long to finish
 * @param corsOrigins origins allowed cross-origin access ({@code *} for any); empty: CORS off
 * @param allowedHosts host names (besides IP literals and {@code localhost}) a request's {@code
 *     Host} header may name, so DNS rebinding cannot reach the server; {@code *} allows any
 * @param maxConcurrentUploads requests with a body served at once; more get 503 + Retry-After
 *     at once, without a worker thread (stalled or trickling uploads cannot starve reads)
 * @param services what the composition root builds the stores and services from
 */
public record ServerConfig(String host, int port, Duration idleTimeout,
    Duration requestParseTimeout, Duration bodyReadTimeout, Duration shutdownTimeout,
    Set<String> corsOrigins, Set<String> allowedHosts, int maxConcurrentUploads,
    ServiceConfig services) {

  /**
   * The orphan-blob sweeper: every {@code interval}, blobs older than {@code grace} that no row
   * refers to are deleted (a crash between blob write and index commit leaks nothing for long).
   * An interval of zero disables it. The grace is also the lease of an in-flight ingest.
   */
  public record Sweep(Duration grace, Duration interval) {
    public static final Sweep DEFAULT = new Sweep(ServiceConfig.DEFAULT_GRACE,
        ServiceConfig.DEFAULT_SWEEP_INTERVAL);

    public Sweep {
      Objects.requireNonNull(grace, "grace");
      Objects.requireNonNull(interval, "interval");
      if (grace.isNegative() || interval.isNegative()) {
        throw new IllegalArgumentException("sweep grace and interval must not be negative");
      }
    }
  }

  /**
   * Uploads served at once by default: as many as Undertow's default worker pool on 2 cores, while
   * the pool is sized at four times this ({@link #workerThreads}), so reads always have threads.
   */
  public static final int DEFAULT_MAX_CONCURRENT_UPLOADS = 16;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestParseTimeout, "requestParseTimeout");
    Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(services, "services");
    corsOrigins = Set.copyOf(corsOrigins);
    allowedHosts = Set.copyOf(allowedHosts);
    if (maxConcurrentUploads < 1 || maxConcurrentUploads > 4096) {
      throw new IllegalArgumentException("max concurrent uploads must be 1..4096, got "
          + maxConcurrentUploads);
    }
    for (String name : allowedHosts) {
      if (!name.equals("*") && !name.matches("[A-Za-z0-9.-]{1,253}")) {
        throw new IllegalArgumentException("not a host name: " + name);
      }
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    for (Duration d : new Duration[] {idleTimeout, requestParseTimeout, bodyReadTimeout}) {
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeouts must be positive and below 24 days, got "
            + d);
      }
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdown timeout must not be negative");
    }
    for (String origin : corsOrigins) {
      // Origins are echoed in a response header: allow only the serialised-origin characters.
      if (!origin.equals("*") && !origin.matches("[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.:\\[\\]-]+")) {
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
      }
    }
  }

  /**
   * 127.0.0.1:8080, 60 s idle, 30 s to send headers, 30 s body read stall, 30 s to finish
   * requests at shutdown, CORS off, and {@link ServiceConfig#defaults()}.
   */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, Duration.ofSeconds(60), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofSeconds(30), Set.of(), Set.of(),
        DEFAULT_MAX_CONCURRENT_UPLOADS, ServiceConfig.defaults());
  }

  public Path dataDir() {
    return services.dataDir();
  }

  public long maxUploadBytes() {
    return services.maxUploadBytes();
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, idleTimeout, requestParseTimeout, bodyReadTimeout,
        shutdownTimeout, corsOrigins, allowedHosts, maxConcurrentUploads, services);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, idleTimeout, requestParseTimeout, bodyReadTimeout,
        shutdownTimeout, corsOrigins, allowedHosts, maxConcurrentUploads, services);
  }

  public ServerConfig withTimeouts(Duration idle, Duration requestParse) {
    return new ServerConfig(host, port, idle, requestParse, bodyReadTimeout, shutdownTimeout,
        corsOrigins, allowedHosts, maxConcurrentUploads, services);
  }

  public ServerConfig withBodyReadTimeout(Duration d) {
    return new ServerConfig(host, port, idleTimeout, requestParseTimeout, d, shutdownTimeout,
        corsOrigins, allowedHosts, maxConcurrentUploads, services);
  }

  public ServerConfig withShutdownTimeout(Duration d) {
    return new ServerConfig(host, port, idleTimeout, requestParseTimeout, bodyReadTimeout, d,
        corsOrigins, allowedHosts, maxConcurrentUploads, services);
  }

  public ServerConfig withCorsOrigins(Set<String> origins) {
    return new ServerConfig(host, port, idleTimeout, requestParseTimeout, bodyReadTimeout,
        shutdownTimeout, origins, allowedHosts, maxConcurrentUploads, services);
  }

  public ServerConfig withAllowedHosts(Set<String> names) {
    return new ServerConfig(host, port, idleTimeout, requestParseTimeout, bodyReadTimeout,
        shutdownTimeout, corsOrigins, names, maxConcurrentUploads, services);
  }

  public ServerConfig withMaxConcurrentUploads(int n) {
    return new ServerConfig(host, port, idleTimeout, requestParseTimeout, bodyReadTimeout,
        shutdownTimeout, corsOrigins, allowedHosts, n, services);
  }

  /**
   * Undertow worker threads: four per concurrent upload (at least 32), so that with every upload
   * slot held by a stalled client three quarters of the pool still serves reads.
   */
  public int workerThreads() {
    return Math.max(32, maxConcurrentUploads * 4);
  }

  /** A copy whose service settings are {@code change} applied to the current ones. */
  public ServerConfig withServices(UnaryOperator<ServiceConfig> change) {
    return new ServerConfig(host, port, idleTimeout, requestParseTimeout, bodyReadTimeout,
        shutdownTimeout, corsOrigins, allowedHosts, maxConcurrentUploads,
        change.apply(services));
  }

  public ServerConfig withDataDir(Path d) {
    return withServices(s -> s.withDataDir(d));
  }

  public ServerConfig withMaxUploadBytes(long m) {
    return withServices(s -> s.withMaxUploadBytes(m));
  }

  public ServerConfig withRenderCacheBytes(long bytes) {
    return withServices(s -> s.withRenderCacheBytes(bytes));
  }

  public ServerConfig withSweep(Sweep sweep) {
    return withServices(s -> s.withSweep(sweep.grace(), sweep.interval()));
  }
}
