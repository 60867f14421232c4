package dev.lightbox.http.cli;

import static dev.lightbox.http.cli.ServeCommand.bool;
import static dev.lightbox.http.cli.ServeCommand.pick;

import dev.lightbox.service.ServiceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where Lightbox keeps its data: the options shared by {@code serve} and {@code token}, so the
 * token commands reach the same index (and, in a cluster, the same PostgreSQL database) as the
 * servers. Every option also reads an environment variable (flag wins); secrets come from the
 * environment only.
 */
final class StorageOptions {
  @Option(names = "--data", description = "data directory (env LIGHTBOX_DATA; default "
      + "lightbox-data)")
  String data;

  @Option(names = "--durability", description = "full: fsync every acknowledged upload (survives "
      + "power loss); relaxed: page cache only (survives a process crash, not power loss). "
      + "Embedded stores only (env LIGHTBOX_DURABILITY; default full)")
  String durability;

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

  /** {@code s} with the storage these options (or {@code env}) name. */
  ServiceConfig apply(ServiceConfig s, Map<String, String> env) {
    Optional<String> v;
    if ((v = pick(data, env, "LIGHTBOX_DATA")).isPresent()) {
      s = s.withDataDir(Path.of(v.get()));
    }
    if ((v = pick(durability, env, "LIGHTBOX_DURABILITY")).isPresent()) {
      s = s.withDurability(v.get());
    }
    return postgres(s3(s, env), env);
  }

  private ServiceConfig s3(ServiceConfig s, Map<String, String> env) {
    Optional<String> bucket = pick(s3Bucket, env, "LIGHTBOX_S3_BUCKET");
    Optional<String> endpoint = pick(s3Endpoint, env, "LIGHTBOX_S3_ENDPOINT");
    if (bucket.isEmpty()) {
      if (endpoint.isPresent()) {
        throw new IllegalArgumentException("--s3-endpoint needs --s3-bucket");
      }
      return s;
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
        .map(x -> bool("--s3-path-style", x)).orElse(uri.isPresent());
    Optional<String> key = Optional.ofNullable(env.get("LIGHTBOX_S3_ACCESS_KEY"))
        .filter(x -> !x.isBlank());
    Optional<String> secret = Optional.ofNullable(env.get("LIGHTBOX_S3_SECRET_KEY"))
        .filter(x -> !x.isBlank());
    String region = pick(s3Region, env, "LIGHTBOX_S3_REGION").orElse("us-east-1");
    return s.withS3(bucket.get(), uri, region, pathStyle, key, secret);
  }

  private ServiceConfig postgres(ServiceConfig s, Map<String, String> env) {
    Optional<String> url = pick(postgresUrl, env, "LIGHTBOX_POSTGRES_URL");
    if (url.isEmpty()) {
      return s;
    }
    Optional<String> user = pick(postgresUser, env, "LIGHTBOX_POSTGRES_USER");
    Optional<String> password = Optional.ofNullable(env.get("LIGHTBOX_POSTGRES_PASSWORD"))
        .filter(x -> !x.isEmpty());
    return s.withPostgres(url.get(), user, password);
  }
}
