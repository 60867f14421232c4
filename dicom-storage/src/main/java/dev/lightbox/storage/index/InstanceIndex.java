package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.time.Instant;
import java.util.Optional;

/**
 * The relational index of stored instances, keyed by SOP Instance UID, plus the blob reference
 * bookkeeping that keeps shared content safe.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The SOP Instance UID is unique; the database's constraint, not a prior read, decides which
 *       of two concurrent inserts wins ({@link #insertIfAbsent}).</li>
 *   <li>Every mutation is one transaction: a failure leaves the index as it was, so retries are
 *       safe.</li>
 *   <li>Failures are {@link StorageException}s (UNAVAILABLE when the database cannot be reached,
 *       TIMEOUT when it is busy, FULL when out of space); absence is {@link Optional#empty()}.</li>
 *   <li>Thread-safe; implementations serialise writes where the database needs it (SQLite).</li>
 * </ul>
 *
 * <h2>Blob references</h2>
 * A blob may be deleted only when no instance row refers to it and no ingest is about to make one
 * refer to it. Ingests announce themselves with {@link #acquireBlobLease} before writing the blob and
 * {@link #releaseBlobLease} after their row commits (a crashed ingest's lease simply expires);
 * {@link #deleteBlobIfUnreferenced} checks both conditions and runs the deletion while holding the
 * blob's reference row, so a concurrent lease waits until the blob is gone and then writes it anew.
 */
public interface InstanceIndex extends AutoCloseable {

  /** Inserts the row unless one with the same SOP Instance UID exists. */
  InsertOutcome insertIfAbsent(InstanceRecord record) throws StorageException;

  /**
   * Compare-and-swap: replaces the row with {@code record}'s SOP Instance UID if its current sha256
   * is {@code expectedSha256}. Returns the replaced row, or empty when there was no such row or its
   * hash differed (re-read and decide again).
   */
  Optional<InstanceRecord> replace(InstanceRecord record, String expectedSha256) throws StorageException;

  Optional<InstanceRecord> find(String sopInstanceUid) throws StorageException;

  /** Rows matching the filters, ordered by creation time then SOP Instance UID. */
  InstancePage list(InstanceQuery query) throws StorageException;

  /** Deletes the row; returns what was deleted, or empty if there was none. */
  Optional<InstanceRecord> delete(String sopInstanceUid) throws StorageException;

  /** True when some instance row refers to {@code blobKey}. */
  boolean isBlobReferenced(String blobKey) throws StorageException;

  /** Marks an ingest of {@code blobKey} as in flight until it is released or {@code until} passes. */
  void acquireBlobLease(String blobKey, Instant until) throws StorageException;

  /** Ends one in-flight ingest of {@code blobKey} (call after its row committed or it failed). */
  void releaseBlobLease(String blobKey) throws StorageException;

  /**
   * Runs {@code deletion} if no row refers to {@code blobKey} and no unexpired lease is held on it,
   * atomically with respect to {@link #acquireBlobLease} and row inserts. Returns whether it ran.
   * If {@code deletion} throws, nothing changes and the exception propagates.
   */
  boolean deleteBlobIfUnreferenced(String blobKey, Instant now, BlobDeletion deletion) throws StorageException;

  /** Number of instance rows. */
  long count() throws StorageException;

  /** Cheap health probe: throws if the database cannot currently serve requests. */
  void check() throws StorageException;

  /** A short description without secrets, e.g. {@code sqlite:/data/index.db}. */
  String describe();

  @Override
  void close();
}
