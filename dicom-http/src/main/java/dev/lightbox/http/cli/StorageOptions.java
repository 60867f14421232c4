package dev.lightbox.http.cli;

import dev.lightbox.service.ServiceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the data lives: the options (and environment variables) that choose and configure the
 * blob store and the index, shared by {@code lightbox serve} and {@code lightbox verify} so both
 * always open the same stores from the same settings (docs/configuration.md). Flags win over the
 * environment; secrets come from the environment only, so they never show in {@code ps}.
 */
final class StorageOptions {
  @Option(names = "--data", description = "data directory (env LIGHTBOX_DATA; default "
      + "lightbox-data)")
  String data;

  @Option(names = "--durability", description = "full: fsync every acknowledged upload (survives "
      + "power loss); relaxed: page cache only (survives a process crash, not power loss). "
      + "Embedded stores only (env LIGHTBOX_DURABILITY; default full)")
  String durability;

  @Option(names = "--sweep-grace-minutes", description = "unreferenced blobs older than this are "
      + "removed by the sweeper (env LIGHTBOX_SWEEP_GRACE_MINUTES; default 60)")
  String sweepGraceMinutes;

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

  /** The grace from the option or the environment, if either sets it. */
  Optional<Duration> grace(Map<String, String> env) {
    return ServeCommand.pick(sweepGraceMinutes, env, "LIGHTBOX_SWEEP_GRACE_MINUTES")
        .map(g -> Duration.ofMinutes(ServeCommand.number("--sweep-grace-minutes", g)));
  }

  /** {@code c} with the data directory, durability, grace, S3 and PostgreSQL settings applied. */
  ServiceConfig apply(ServiceConfig c, Map<String, String> env) {
    Optional<String> v;
    if ((v = ServeCommand.pick(data, env, "LIGHTBOX_DATA")).isPresent()) {
      c = c.withDataDir(Path.of(v.get()));
    }
    if ((v = ServeCommand.pick(durability, env, "LIGHTBOX_DURABILITY")).isPresent()) {
      c = c.withDurability(v.get());
    }
    Optional<Duration> grace = grace(env);
    if (grace.isPresent()) {
      c = c.withSweep(grace.get(), c.sweepInterval());
    }
    return postgres(s3(c, env), env);
  }

  private ServiceConfig s3(ServiceConfig c, Map<String, String> env) {
    Optional<String> bucket = ServeCommand.pick(s3Bucket, env, "LIGHTBOX_S3_BUCKET");
    Optional<String> endpoint = ServeCommand.pick(s3Endpoint, env, "LIGHTBOX_S3_ENDPOINT");
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
    boolean pathStyle = ServeCommand.pick(s3PathStyle, env, "LIGHTBOX_S3_PATH_STYLE")
        .map(s -> ServeCommand.bool("--s3-path-style", s)).orElse(uri.isPresent());
    Optional<String> key = Optional.ofNullable(env.get("LIGHTBOX_S3_ACCESS_KEY"))
        .filter(s -> !s.isBlank());
    Optional<String> secret = Optional.ofNullable(env.get("LIGHTBOX_S3_SECRET_KEY"))
        .filter(s -> !s.isBlank());
    String region = ServeCommand.pick(s3Region, env, "LIGHTBOX_S3_REGION").orElse("us-east-1");
    return c.withS3(bucket.get(), uri, region, pathStyle, key, secret);
  }

  private ServiceConfig postgres(ServiceConfig c, Map<String, String> env) {
    Optional<String> url = ServeCommand.pick(postgresUrl, env, "LIGHTBOX_POSTGRES_URL");
    if (url.isEmpty()) {
      return c;
    }
    Optional<String> user = ServeCommand.pick(postgresUser, env, "LIGHTBOX_POSTGRES_USER");
    Optional<String> password = Optional.ofNullable(env.get("LIGHTBOX_POSTGRES_PASSWORD"))
        .filter(s -> !s.isEmpty());
    return c.withPostgres(url.get(), user, password);
  }
}
