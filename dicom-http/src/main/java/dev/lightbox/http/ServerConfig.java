package dev.lightbox.http;

import dev.lightbox.storage.Durability;
import dev.lightbox.storage.blob.S3Config;
import dev.lightbox.storage.index.PostgresConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Server settings.
 *
 * @param host interface to bind; loopback by default so a fresh install is not exposed
 * @param port TCP port; 0 picks a free one (tests)
 * @param dataDir where the filesystem blob store, the SQLite index and upload spool files live
 *     (only the spool directory when S3 and PostgreSQL are configured)
 * @param maxUploadBytes largest accepted upload body, per file part for multipart (413 above it)
 * @param idleTimeout a connection with no traffic for this long is closed (stalled clients)
 * @param requestParseTimeout the request line and headers must arrive within this time
 * @param bodyReadTimeout a blocking read of a request body (or write of a response) that makes no
 *     progress for this long fails, so a stalled upload ends with 408 instead of holding a thread
 * @param shutdownTimeout on close, in-flight requests get this long to finish
 * @param corsOrigins origins allowed cross-origin access ({@code *} for any); empty: CORS off
 * @param renderCacheBytes total size of cached rendered images; 0 disables the cache
 * @param s3 blob store in S3-compatible storage instead of the data directory
 * @param postgres index in PostgreSQL instead of SQLite in the data directory
 * @param sweep when and how the sweeper removes blobs no index row refers to (docs/storage.md)
 * @param durability whether the embedded stores fsync every acknowledged upload (S3 and
 *     PostgreSQL bring their own durability)
 */
public record ServerConfig(String host, int port, Path dataDir, long maxUploadBytes,
    Duration idleTimeout, Duration requestParseTimeout, Duration bodyReadTimeout,
    Duration shutdownTimeout, Set<String> corsOrigins, long renderCacheBytes,
    Optional<S3Config> s3, Optional<PostgresConfig> postgres, Sweep sweep,
    Durability durability) {

  /**
   * The orphan-blob sweeper: every {@code interval}, blobs older than {@code grace} that no row
   * refers to are deleted (a crash between blob write and index commit leaks nothing for long).
   * An interval of zero disables it.
   */
  public record Sweep(Duration grace, Duration interval) {
    public static final Sweep DEFAULT = new Sweep(Duration.ofHours(1), Duration.ofMinutes(10));

    public Sweep {
      Objects.requireNonNull(grace, "grace");
      Objects.requireNonNull(interval, "interval");
      if (grace.isNegative() || interval.isNegative()) {
        throw new IllegalArgumentException("sweep grace and interval must not be negative");
      }
    }

    public boolean enabled() {
      return !interval.isZero();
    }
  }

  public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;
  public static final long DEFAULT_RENDER_CACHE_BYTES = 64L << 20;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestParseTimeout, "requestParseTimeout");
    Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(postgres, "postgres");
    Objects.requireNonNull(sweep, "sweep");
    Objects.requireNonNull(durability, "durability");
    corsOrigins = Set.copyOf(corsOrigins);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("max upload size must be positive, got " + maxUploadBytes);
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
    if (renderCacheBytes < 0) {
      throw new IllegalArgumentException("render cache size must be >= 0, got "
          + renderCacheBytes);
    }
    for (String origin : corsOrigins) {
      // Origins are echoed in a response header: allow only the serialised-origin characters.
      if (!origin.equals("*") && !origin.matches("[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.:\\[\\]-]+")) {
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
      }
    }
  }

  /**
   * 127.0.0.1:8080, ./lightbox-data, 1 GiB uploads, 60 s idle, 30 s to send headers, 30 s body
   * read stall, 30 s to finish requests at shutdown, CORS off, 64 MiB render cache.
   */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, Path.of("lightbox-data"), DEFAULT_MAX_UPLOAD_BYTES,
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Set.of(), DEFAULT_RENDER_CACHE_BYTES, Optional.empty(),
        Optional.empty(), Sweep.DEFAULT, Durability.FULL);
  }

  public ServerConfig withHost(String h) {
    return edit(b -> b.host = h);
  }

  public ServerConfig withPort(int p) {
    return edit(b -> b.port = p);
  }

  public ServerConfig withDataDir(Path d) {
    return edit(b -> b.dataDir = d);
  }

  public ServerConfig withMaxUploadBytes(long m) {
    return edit(b -> b.maxUploadBytes = m);
  }

  public ServerConfig withTimeouts(Duration idle, Duration requestParse) {
    return edit(b -> {
      b.idleTimeout = idle;
      b.requestParseTimeout = requestParse;
    });
  }

  public ServerConfig withBodyReadTimeout(Duration d) {
    return edit(b -> b.bodyReadTimeout = d);
  }

  public ServerConfig withShutdownTimeout(Duration d) {
    return edit(b -> b.shutdownTimeout = d);
  }

  public ServerConfig withCorsOrigins(Set<String> origins) {
    return edit(b -> b.corsOrigins = origins);
  }

  public ServerConfig withRenderCacheBytes(long bytes) {
    return edit(b -> b.renderCacheBytes = bytes);
  }

  public ServerConfig withS3(Optional<S3Config> config) {
    return edit(b -> b.s3 = config);
  }

  public ServerConfig withPostgres(Optional<PostgresConfig> config) {
    return edit(b -> b.postgres = config);
  }

  public ServerConfig withSweep(Sweep s) {
    return edit(b -> b.sweep = s);
  }

  public ServerConfig withDurability(Durability d) {
    return edit(b -> b.durability = d);
  }

  /** A copy with {@code change} applied; the canonical constructor validates the result. */
  private ServerConfig edit(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new ServerConfig(c.host, c.port, c.dataDir, c.maxUploadBytes, c.idleTimeout,
        c.requestParseTimeout, c.bodyReadTimeout, c.shutdownTimeout, c.corsOrigins,
        c.renderCacheBytes, c.s3, c.postgres, c.sweep, c.durability);
  }

  /** The mutable fields {@link #edit} changes. */
  private static final class Copy {
    String host;
    int port;
    Path dataDir;
    long maxUploadBytes;
    Duration idleTimeout;
    Duration requestParseTimeout;
    Duration bodyReadTimeout;
    Duration shutdownTimeout;
    Set<String> corsOrigins;
    long renderCacheBytes;
    Optional<S3Config> s3;
    Optional<PostgresConfig> postgres;
    Sweep sweep;
    Durability durability;

    Copy(ServerConfig c) {
      host = c.host;
      port = c.port;
      dataDir = c.dataDir;
      maxUploadBytes = c.maxUploadBytes;
      idleTimeout = c.idleTimeout;
      requestParseTimeout = c.requestParseTimeout;
      bodyReadTimeout = c.bodyReadTimeout;
      shutdownTimeout = c.shutdownTimeout;
      corsOrigins = c.corsOrigins;
      renderCacheBytes = c.renderCacheBytes;
      s3 = c.s3;
      postgres = c.postgres;
      sweep = c.sweep;
      durability = c.durability;
    }
  }
}
