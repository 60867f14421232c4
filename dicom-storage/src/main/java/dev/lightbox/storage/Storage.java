package dev.lightbox.storage;

import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.blob.S3BlobStore;
import dev.lightbox.storage.blob.S3Config;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.PostgresConfig;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import dev.lightbox.storage.ingest.Ingestor;
import dev.lightbox.storage.ingest.Sweeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * One blob store, one index and the protocol objects over them, wired the way docs/storage.md
 * describes. Closing it closes both backends.
 */
public final class Storage implements AutoCloseable {

  /** Default lease of an in-flight ingest and grace period of the sweeper. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Ingestor ingestor;
  private final Sweeper sweeper;

  private Storage(BlobStore blobs, InstanceIndex index, Duration grace, Clock clock) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.index = Objects.requireNonNull(index, "index");
    this.ingestor = new Ingestor(blobs, index, grace, clock);
    this.sweeper = new Sweeper(blobs, index, grace, clock);
  }

  /** Embedded mode: {@code dataDir/blobs/} on the filesystem and {@code dataDir/index.db} in SQLite. */
  public static Storage embedded(Path dataDir) throws StorageException {
    FileSystemBlobStore blobs = FileSystemBlobStore.open(dataDir.resolve("blobs"));
    return new Storage(blobs, SqliteInstanceIndex.open(dataDir), DEFAULT_GRACE, Clock.systemUTC());
  }

  /** Cluster mode: blobs in S3, index in PostgreSQL; any number of nodes may share both. */
  public static Storage cluster(S3Config s3, PostgresConfig postgres) throws StorageException {
    InstanceIndex index = PostgresInstanceIndex.open(postgres);
    try {
      return new Storage(S3BlobStore.open(s3), index, DEFAULT_GRACE, Clock.systemUTC());
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /** Any combination, e.g. in tests; {@code grace} is both the ingest lease and the sweeper's grace. */
  public static Storage of(BlobStore blobs, InstanceIndex index, Duration grace, Clock clock) {
    return new Storage(blobs, index, grace, clock);
  }

  public BlobStore blobs() {
    return blobs;
  }

  public InstanceIndex index() {
    return index;
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public Sweeper sweeper() {
    return sweeper;
  }

  /** Readiness: throws the first backend failure (index first, then blobs). */
  public void check() throws StorageException {
    index.check();
    blobs.check();
  }

  @Override
  public void close() throws StorageException {
    try {
      index.close();
    } finally {
      blobs.close();
    }
  }
}
