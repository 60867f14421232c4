package dev.lightbox.service;

import dev.lightbox.service.metadata.HotAttributeSettings;
import dev.lightbox.storage.Durability;
import dev.lightbox.storage.blob.S3Config;
import dev.lightbox.storage.index.PostgresConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the composition root ({@link Services}) needs to build the stores and services, in
 * one immutable value. Transports set it from their own options through the {@code with…} methods,
 * which take plain values, so no transport has to know the storage module's types.
 *
 * @param dataDir the filesystem blob store, the SQLite index and upload spool files live here
 *     (only the spool when S3 and PostgreSQL are configured)
 * @param maxUploadBytes largest accepted instance (per file of a batch)
 * @param renderCacheBytes total size of cached rendered images; 0 disables the cache
 * @param grace how old an unreferenced blob must be before the sweeper removes it, and how long an
 *     in-flight ingest keeps its blob safe (its lease, at least {@link #MIN_INGEST_LEASE}): one
 *     setting, so the two cannot be configured apart
 * @param sweepInterval how often the sweeper runs; zero disables it
 * @param durability whether the embedded stores fsync every acknowledged upload
 * @param s3 blobs in S3-compatible storage instead of the data directory
 * @param postgres the index in PostgreSQL instead of SQLite in the data directory
 * @param hotAttributes size and freshness of the pre-encoded single-attribute answers kept in
 *     memory (docs/performance.md "Hot attribute reads")
 * @param personNamesCaseInsensitive person names (PN) match case-insensitively in every search,
 *     C-FIND and QIDO-RS alike ("where configured", PS3.4 C.2.2.2.1); off by default, the
 *     standard's case-sensitive matching
 */
public record ServiceConfig(Path dataDir, long maxUploadBytes, long renderCacheBytes,
    Duration grace, Duration sweepInterval, Durability durability, Optional<S3Config> s3,
    Optional<PostgresConfig> postgres, HotAttributeSettings hotAttributes,
    boolean personNamesCaseInsensitive) {

  public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;
  public static final long DEFAULT_RENDER_CACHE_BYTES = 64L << 20;
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(10);

  public ServiceConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(postgres, "postgres");
    Objects.requireNonNull(hotAttributes, "hotAttributes");
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("max upload size must be positive, got " + maxUploadBytes);
    }
    if (renderCacheBytes < 0) {
      throw new IllegalArgumentException("render cache size must be >= 0, got "
          + renderCacheBytes);
    }
    if (grace.isNegative() || sweepInterval.isNegative()) {
      throw new IllegalArgumentException("sweep grace and interval must not be negative");
    }
  }

  /** ./lightbox-data, 1 GiB uploads, 64 MiB render cache, 1 h grace, sweep every 10 min, fsync. */
  public static ServiceConfig defaults() {
    return new ServiceConfig(Path.of("lightbox-data"), DEFAULT_MAX_UPLOAD_BYTES,
        DEFAULT_RENDER_CACHE_BYTES, DEFAULT_GRACE, DEFAULT_SWEEP_INTERVAL, Durability.FULL,
        Optional.empty(), Optional.empty(), HotAttributeSettings.DEFAULTS, false);
  }

  /** Shortest ingest lease, so that even a zero grace protects the blobs of ingests in flight. */
  public static final Duration MIN_INGEST_LEASE = Duration.ofMinutes(1);

  /**
   * How long an ingest's blob stays protected from the sweeper while its index row is not yet
   * committed: the grace, but never less than {@link #MIN_INGEST_LEASE}.
   */
  public Duration ingestLease() {
    return grace.compareTo(MIN_INGEST_LEASE) < 0 ? MIN_INGEST_LEASE : grace;
  }

  public boolean sweeperEnabled() {
    return !sweepInterval.isZero();
  }

  /** True when several nodes may share the stores (S3 blobs and a PostgreSQL index). */
  public boolean clustered() {
    return s3.isPresent() && postgres.isPresent();
  }

  public ServiceConfig withDataDir(Path d) {
    return new ServiceConfig(d, maxUploadBytes, renderCacheBytes, grace, sweepInterval,
        durability, s3, postgres, hotAttributes, personNamesCaseInsensitive);
  }

  public ServiceConfig withMaxUploadBytes(long m) {
    return new ServiceConfig(dataDir, m, renderCacheBytes, grace, sweepInterval, durability, s3,
        postgres, hotAttributes, personNamesCaseInsensitive);
  }

  public ServiceConfig withRenderCacheBytes(long bytes) {
    return new ServiceConfig(dataDir, maxUploadBytes, bytes, grace, sweepInterval, durability, s3,
        postgres, hotAttributes, personNamesCaseInsensitive);
  }

  /** Pre-encoded single-attribute answers: capacity in bytes (0 disables) and freshness. */
  public ServiceConfig withHotAttributes(HotAttributeSettings settings) {
    return new ServiceConfig(dataDir, maxUploadBytes, renderCacheBytes, grace, sweepInterval,
        durability, s3, postgres, settings, personNamesCaseInsensitive);
  }

  /** Case-insensitive person-name matching in every search (PS3.4 C.2.2.2.1), or the default. */
  public ServiceConfig withPersonNamesCaseInsensitive(boolean caseInsensitive) {
    return new ServiceConfig(dataDir, maxUploadBytes, renderCacheBytes, grace, sweepInterval,
        durability, s3, postgres, hotAttributes, caseInsensitive);
  }

  public ServiceConfig withSweep(Duration newGrace, Duration interval) {
    return new ServiceConfig(dataDir, maxUploadBytes, renderCacheBytes, newGrace, interval,
        durability, s3, postgres, hotAttributes, personNamesCaseInsensitive);
  }

  /** {@code full} (fsync every acknowledged upload) or {@code relaxed} (docs/storage.md). */
  public ServiceConfig withDurability(String name) {
    Durability d = switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "full" -> Durability.FULL;
      case "relaxed" -> Durability.RELAXED;
      default -> throw new IllegalArgumentException(
          "durability must be full or relaxed, got '" + name + "'");
    };
    return new ServiceConfig(dataDir, maxUploadBytes, renderCacheBytes, grace, sweepInterval, d,
        s3, postgres, hotAttributes, personNamesCaseInsensitive);
  }

  /**
   * Blobs in an S3-compatible bucket.
   *
   * @param endpoint service URL, or empty for AWS's regional endpoint
   * @param accessKey static credentials (with {@code secretKey}); empty for the SDK's default chain
   */
  public ServiceConfig withS3(String bucket, Optional<URI> endpoint, String region,
      boolean pathStyle, Optional<String> accessKey, Optional<String> secretKey) {
    S3Config c = new S3Config(endpoint, region, bucket, accessKey, secretKey, pathStyle,
        S3Config.DEFAULT_PART_SIZE, Duration.ofSeconds(60), 3);
    return withS3(Optional.of(c));
  }

  public ServiceConfig withS3(Optional<S3Config> c) {
    return new ServiceConfig(dataDir, maxUploadBytes, renderCacheBytes, grace, sweepInterval,
        durability, c, postgres, hotAttributes, personNamesCaseInsensitive);
  }

  /** The index in PostgreSQL at {@code jdbcUrl}; user and password override the URL's. */
  public ServiceConfig withPostgres(String jdbcUrl, Optional<String> user,
      Optional<String> password) {
    PostgresConfig base = PostgresConfig.of(jdbcUrl);
    return withPostgres(Optional.of(new PostgresConfig(base.jdbcUrl(), user, password,
        base.poolSize(), base.connectionTimeout())));
  }

  public ServiceConfig withPostgres(Optional<PostgresConfig> c) {
    return new ServiceConfig(dataDir, maxUploadBytes, renderCacheBytes, grace, sweepInterval,
        durability, s3, c, hotAttributes, personNamesCaseInsensitive);
  }
}
