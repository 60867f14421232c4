package dev.lightbox.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Server settings.
 *
 * @param host interface to bind; loopback by default so a fresh install is not exposed
 * @param port TCP port; 0 picks a free one (tests)
 * @param dataDir where the filesystem blob store, the SQLite index and upload spool files live
 * @param maxUploadBytes largest accepted upload body (413 above it)
 * @param idleTimeout a connection with no traffic for this long is closed (stalled clients)
 * @param requestParseTimeout the request line and headers must arrive within this time
 */
public record ServerConfig(String host, int port, Path dataDir, long maxUploadBytes,
    Duration idleTimeout, Duration requestParseTimeout) {
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestParseTimeout, "requestParseTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("max upload size must be positive, got " + maxUploadBytes);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero() || requestParseTimeout.isNegative()
        || requestParseTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** 127.0.0.1:8080, ./lightbox-data, 1 GiB uploads, 60 s idle, 30 s to send headers. */
  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, Path.of("lightbox-data"), DEFAULT_MAX_UPLOAD_BYTES,
        Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(h, port, dataDir, maxUploadBytes, idleTimeout, requestParseTimeout);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, dataDir, maxUploadBytes, idleTimeout, requestParseTimeout);
  }

  public ServerConfig withDataDir(Path d) {
    return new ServerConfig(host, port, d, maxUploadBytes, idleTimeout, requestParseTimeout);
  }

  public ServerConfig withMaxUploadBytes(long m) {
    return new ServerConfig(host, port, dataDir, m, idleTimeout, requestParseTimeout);
  }

  public ServerConfig withTimeouts(Duration idle, Duration requestParse) {
    return new ServerConfig(host, port, dataDir, maxUploadBytes, idle, requestParse);
  }
}
