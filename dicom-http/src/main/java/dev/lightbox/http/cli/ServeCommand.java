package dev.lightbox.http.cli;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.http.dimse.DicomPeers;
import dev.lightbox.http.support.LogSetup;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox serve}: runs the HTTP server until SIGTERM/SIGINT, then shuts down gracefully
 * (stop accepting, let requests finish, close the stores). Storage is the data directory by
 * default; S3 and PostgreSQL when configured. Every option also reads an environment variable
 * (flag wins); secrets are read from the environment only, so they never show in {@code ps}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the Lightbox HTTP server (and the DIMSE listener with --dicom-port).")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", description = "interface to bind (env LIGHTBOX_HOST; default 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "TCP port, 0 for any free one (env LIGHTBOX_PORT; "
      + "default 8080)")
  String port;

  @Option(names = "--data", description = "data directory (env LIGHTBOX_DATA; default "
      + "lightbox-data)")
  String data;

  @Option(names = "--max-upload-bytes", description = "largest accepted upload in bytes, per file "
      + "(env LIGHTBOX_MAX_UPLOAD_BYTES; default 1073741824)")
  String maxUploadBytes;

  @Option(names = "--cors-origins", description = "comma-separated origins allowed cross-origin "
      + "access, or * (env LIGHTBOX_CORS_ORIGINS; default none: CORS off)")
  String corsOrigins;

  @Option(names = "--allowed-hosts", description = "comma-separated host names the Host header "
      + "may carry besides IP addresses and localhost (DNS-rebinding guard; other names get 421), "
      + "or * for any (env LIGHTBOX_ALLOWED_HOSTS; default none)")
  String allowedHosts;

  @Option(names = "--max-concurrent-uploads", description = "uploads received at once; more get "
      + "503 with Retry-After (env LIGHTBOX_MAX_CONCURRENT_UPLOADS; default 16)")
  String maxConcurrentUploads;

  @Option(names = "--render-cache-bytes", description = "rendered image cache size, 0 to disable "
      + "(env LIGHTBOX_RENDER_CACHE_BYTES; default 67108864)")
  String renderCacheBytes;

  @Option(names = "--attribute-cache-bytes", description = "memory for single-attribute answers "
      + "kept pre-encoded, 0 to disable (env LIGHTBOX_ATTRIBUTE_CACHE_BYTES; default 8388608)")
  String attributeCacheBytes;

  @Option(names = {"--drain-timeout", "--shutdown-timeout-seconds"}, description = "on SIGTERM, "
      + "seconds requests in flight may still run while new connections are refused (env "
      + "LIGHTBOX_DRAIN_TIMEOUT, or the older LIGHTBOX_SHUTDOWN_TIMEOUT_SECONDS; default 30)")
  String shutdownSeconds;

  @Option(names = "--body-timeout-seconds", description = "a request body stalled this long is "
      + "refused with 408 (env LIGHTBOX_BODY_TIMEOUT_SECONDS; default 30)")
  String bodySeconds;

  @Option(names = "--durability", description = "full: fsync every acknowledged upload (survives "
      + "power loss); relaxed: page cache only (survives a process crash, not power loss). "
      + "Embedded stores only (env LIGHTBOX_DURABILITY; default full)")
  String durability;

  @Option(names = "--sweep-grace-minutes", description = "unreferenced blobs older than this are "
      + "removed by the sweeper (env LIGHTBOX_SWEEP_GRACE_MINUTES; default 60)")
  String sweepGraceMinutes;

  @Option(names = "--sweep-interval-minutes", description = "how often the sweeper runs, 0 to "
      + "disable (env LIGHTBOX_SWEEP_INTERVAL_MINUTES; default 10)")
  String sweepIntervalMinutes;

  @Option(names = "--s3-endpoint", description = "S3-compatible endpoint URL; setting --s3-bucket "
      + "without it uses AWS (env LIGHTBOX_S3_ENDPOINT)")
  String s3Endpoint;

  @Option(names = "--s3-bucket", description = "store blobs in this existing bucket instead of the "
      + "data directory (env LIGHTBOX_S3_BUCKET); credentials from LIGHTBOX_S3_ACCESS_KEY and "
      + "LIGHTBOX_S3_SECRET_KEY, else the AWS default chain")
  String s3Bucket;

  @Option(names = "--s3-region", description = "signing region (env LIGHTBOX_S3_REGION; default "
      + "us-east-1)")
  String s3Region;

  @Option(names = "--s3-path-style", description = "path-style addressing true|false, needed by "
      + "most self-hosted services (env LIGHTBOX_S3_PATH_STYLE; default true with an endpoint)")
  String s3PathStyle;

  @Option(names = "--postgres-url", description = "index in PostgreSQL instead of SQLite, e.g. "
      + "jdbc:postgresql://db:5432/lightbox (env LIGHTBOX_POSTGRES_URL)")
  String postgresUrl;

  @Option(names = "--postgres-user", description = "database user (env LIGHTBOX_POSTGRES_USER); "
      + "password from LIGHTBOX_POSTGRES_PASSWORD")
  String postgresUser;

  @Option(names = "--dicom-port", description = "also run the DIMSE listener (C-ECHO, C-STORE, "
      + "C-FIND, C-MOVE, C-GET) on this TCP port, 0 for any free one (env LIGHTBOX_DICOM_PORT; "
      + "default off)")
  String dicomPort;

  @Option(names = "--ae-title", description = "this server's AE title (env LIGHTBOX_AE_TITLE; "
      + "default LIGHTBOX)")
  String aeTitle;

  @Option(names = "--dicom-peer", description = "AET=host:port of an AE that C-MOVE and the send "
      + "routes may send to; repeatable (env LIGHTBOX_DICOM_PEERS, a comma list)")
  java.util.List<String> dicomPeers;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    DicomConfig dicomConfig;
    try {
      config = config(System.getenv());
      dicomConfig = dicom(System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    LogSetup.configure();
    LightboxServer server;
    try {
      server = LightboxServer.start(config, dicomConfig);
    } catch (Exception e) {
      err.println("lightbox: cannot start the server: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable drainAndStop = () -> {
      server.close(); // drain: new connections refused, readiness false, in-flight ones finish
      stopped.countDown();
    };
    // SIGTERM and SIGINT are a requested stop: drain, then return normally so the process exits
    // with status 0 (a supervisor tells a clean stop from a crash by it). The JVM's own handling
    // would run the same drain in a shutdown hook but exit with 143 (128 + SIGTERM).
    StopSignals.onStop(drainAndStop);
    // Any other way out (System.exit elsewhere, SIGHUP) still drains.
    Runtime.getRuntime().addShutdownHook(new Thread(drainAndStop, "lightbox-shutdown"));
    out.println("Lightbox listening on " + server.baseUrl());
    server.dicomPort().ifPresent(p -> out.println("DICOM (DIMSE) listening on port " + p
        + " as " + dicomConfig.aeTitle()));
    out.flush();
    try {
      stopped.await(); // until SIGTERM/SIGINT has drained the server; then exit status 0
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return Lightbox.EXIT_OK;
  }

  /** The configuration from the options, falling back to {@code env}, then to defaults. */
  ServerConfig config(Map<String, String> env) {
    ServerConfig c = ServerConfig.defaults();
    Optional<String> v;
    if ((v = pick(host, env, "LIGHTBOX_HOST")).isPresent()) {
      c = c.withHost(v.get());
    }
    if ((v = pick(port, env, "LIGHTBOX_PORT")).isPresent()) {
      c = c.withPort((int) number("--port", v.get()));
    }
    if ((v = pick(data, env, "LIGHTBOX_DATA")).isPresent()) {
      c = c.withDataDir(Path.of(v.get()));
    }
    if ((v = pick(maxUploadBytes, env, "LIGHTBOX_MAX_UPLOAD_BYTES")).isPresent()) {
      c = c.withMaxUploadBytes(number("--max-upload-bytes", v.get()));
    }
    if ((v = pick(corsOrigins, env, "LIGHTBOX_CORS_ORIGINS")).isPresent()) {
      Set<String> origins = new LinkedHashSet<>();
      Arrays.stream(v.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .forEach(origins::add);
      c = c.withCorsOrigins(origins);
    }
    if ((v = pick(allowedHosts, env, "LIGHTBOX_ALLOWED_HOSTS")).isPresent()) {
      Set<String> names = new LinkedHashSet<>();
      Arrays.stream(v.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .forEach(names::add);
      c = c.withAllowedHosts(names);
    }
    if ((v = pick(maxConcurrentUploads, env, "LIGHTBOX_MAX_CONCURRENT_UPLOADS")).isPresent()) {
      c = c.withMaxConcurrentUploads((int) number("--max-concurrent-uploads", v.get()));
    }
    if ((v = pick(renderCacheBytes, env, "LIGHTBOX_RENDER_CACHE_BYTES")).isPresent()) {
      c = c.withRenderCacheBytes(number("--render-cache-bytes", v.get()));
    }
    if ((v = pick(attributeCacheBytes, env, "LIGHTBOX_ATTRIBUTE_CACHE_BYTES")).isPresent()) {
      long bytes = number("--attribute-cache-bytes", v.get());
      c = c.withServices(s -> s.withHotAttributes(s.hotAttributes().withCapacityBytes(bytes)));
    }
    if ((v = pick(shutdownSeconds, env, "LIGHTBOX_DRAIN_TIMEOUT")).isPresent()
        || (v = pick(null, env, "LIGHTBOX_SHUTDOWN_TIMEOUT_SECONDS")).isPresent()) {
      c = c.withShutdownTimeout(Duration.ofSeconds(number("--drain-timeout", v.get())));
    }
    if ((v = pick(bodySeconds, env, "LIGHTBOX_BODY_TIMEOUT_SECONDS")).isPresent()) {
      c = c.withBodyReadTimeout(Duration.ofSeconds(number("--body-timeout-seconds", v.get())));
    }
    Optional<String> grace = pick(sweepGraceMinutes, env, "LIGHTBOX_SWEEP_GRACE_MINUTES");
    Optional<String> interval = pick(sweepIntervalMinutes, env, "LIGHTBOX_SWEEP_INTERVAL_MINUTES");
    if (grace.isPresent() || interval.isPresent()) {
      ServerConfig.Sweep d = ServerConfig.Sweep.DEFAULT;
      c = c.withSweep(new ServerConfig.Sweep(
          grace.map(g -> Duration.ofMinutes(number("--sweep-grace-minutes", g)))
              .orElse(d.grace()),
          interval.map(i -> Duration.ofMinutes(number("--sweep-interval-minutes", i)))
              .orElse(d.interval())));
    }
    Optional<String> dur = pick(durability, env, "LIGHTBOX_DURABILITY");
    if (dur.isPresent()) {
      c = c.withServices(s -> s.withDurability(dur.get()));
    }
    c = s3(c, env);
    c = postgres(c, env);
    return c;
  }

  /** The DIMSE settings from the options, falling back to {@code env}, then to defaults. */
  DicomConfig dicom(Map<String, String> env) {
    DicomConfig d = DicomConfig.off();
    Optional<String> v;
    if ((v = pick(aeTitle, env, "LIGHTBOX_AE_TITLE")).isPresent()) {
      d = d.withAeTitle(v.get().strip());
    }
    if (dicomPeers != null && !dicomPeers.isEmpty()) {
      for (String p : dicomPeers) {
        d = d.withPeers(DicomPeers.parseList(p));
      }
    } else if ((v = pick(null, env, "LIGHTBOX_DICOM_PEERS")).isPresent()) {
      d = d.withPeers(DicomPeers.parseList(v.get()));
    }
    if ((v = pick(dicomPort, env, "LIGHTBOX_DICOM_PORT")).isPresent()) {
      d = d.withPort((int) number("--dicom-port", v.get()));
    }
    dev.lightbox.dicom.net.AeTitles.requireValid(d.aeTitle());
    return d;
  }

  private ServerConfig s3(ServerConfig c, Map<String, String> env) {
    Optional<String> bucket = pick(s3Bucket, env, "LIGHTBOX_S3_BUCKET");
    Optional<String> endpoint = pick(s3Endpoint, env, "LIGHTBOX_S3_ENDPOINT");
    if (bucket.isEmpty()) {
      if (endpoint.isPresent()) {
        throw new IllegalArgumentException("--s3-endpoint needs --s3-bucket");
      }
      return c;
    }
    Optional<URI> uri = endpoint.map(e -> {
      try {
        URI u = URI.create(e);
        if (u.getScheme() == null || u.getHost() == null) {
          throw new IllegalArgumentException("--s3-endpoint must be an absolute URL, got " + e);
        }
        return u;
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("--s3-endpoint: " + ex.getMessage());
      }
    });
    boolean pathStyle = pick(s3PathStyle, env, "LIGHTBOX_S3_PATH_STYLE")
        .map(s -> bool("--s3-path-style", s)).orElse(uri.isPresent());
    Optional<String> key = Optional.ofNullable(env.get("LIGHTBOX_S3_ACCESS_KEY"))
        .filter(s -> !s.isBlank());
    Optional<String> secret = Optional.ofNullable(env.get("LIGHTBOX_S3_SECRET_KEY"))
        .filter(s -> !s.isBlank());
    String region = pick(s3Region, env, "LIGHTBOX_S3_REGION").orElse("us-east-1");
    return c.withServices(s -> s.withS3(bucket.get(), uri, region, pathStyle, key, secret));
  }

  private ServerConfig postgres(ServerConfig c, Map<String, String> env) {
    Optional<String> url = pick(postgresUrl, env, "LIGHTBOX_POSTGRES_URL");
    if (url.isEmpty()) {
      return c;
    }
    Optional<String> user = pick(postgresUser, env, "LIGHTBOX_POSTGRES_USER");
    Optional<String> password = Optional.ofNullable(env.get("LIGHTBOX_POSTGRES_PASSWORD"))
        .filter(s -> !s.isEmpty());
    return c.withServices(s -> s.withPostgres(url.get(), user, password));
  }

  private static Optional<String> pick(String flag, Map<String, String> env, String name) {
    if (flag != null) {
      return Optional.of(flag);
    }
    return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank());
  }

  private static long number(String option, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'");
    }
  }

  private static boolean bool(String option, String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(option + " must be true or false, got '"
          + value + "'");
    };
  }
}
