package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The relational index of stored instances, keyed by SOP Instance UID, with the studies and series
 * they form (the attributes of {@link IndexedAttribute}, queried with {@link #query}), each
 * instance's metadata document, and the blob reference bookkeeping that keeps shared content safe.
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

  /**
   * Inserts the row and its metadata document unless a row with the same SOP Instance UID exists,
   * and accounts for it in its study and series, all in one transaction.
   *
   * @param metadataDocument the caller's document for the instance (opaque to the index; returned
   *     verbatim by {@link #metadata})
   */
  InsertOutcome insertIfAbsent(InstanceRecord record, String metadataDocument) throws StorageException;

  /**
   * Group commit: {@link #insertIfAbsent} for each record, in one transaction when the index can
   * (one durable commit for the batch). Outcomes in the order of {@code records}. On an exception
   * nothing of the batch is committed by an index that uses one transaction.
   */
  default List<InsertOutcome> insertAllIfAbsent(List<InstanceRecord> records,
      List<String> metadataDocuments) throws StorageException {
    List<InsertOutcome> outcomes = new java.util.ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      outcomes.add(insertIfAbsent(records.get(i), metadataDocuments.get(i)));
    }
    return outcomes;
  }

  /** Group commit: {@link #acquireBlobLease} for each key, in one transaction when possible. */
  default void acquireBlobLeases(List<String> blobKeys, Instant until) throws StorageException {
    for (String key : blobKeys) {
      acquireBlobLease(key, until);
    }
  }

  /** Group commit: {@link #releaseBlobLease} for each key, in one transaction when possible. */
  default void releaseBlobLeases(List<String> blobKeys) throws StorageException {
    for (String key : blobKeys) {
      releaseBlobLease(key);
    }
  }

  /**
   * Compare-and-swap: replaces the row with {@code record}'s SOP Instance UID, and its metadata
   * document, if its current sha256 is {@code expectedSha256}; the study and series rows follow,
   * also when the instance moves to another series or study. Returns the replaced row, or empty
   * when there was no such row or its hash differed (re-read and decide again).
   */
  Optional<InstanceRecord> replace(InstanceRecord record, String metadataDocument, String expectedSha256)
      throws StorageException;

  Optional<InstanceRecord> find(String sopInstanceUid) throws StorageException;

  /** The metadata document stored with the instance, or empty when there is no such instance. */
  Optional<String> metadata(String sopInstanceUid) throws StorageException;

  /**
   * Instance rows matching the filters on each instance's own values, ordered by creation time then
   * SOP Instance UID (the listing of {@code GET /instances}).
   */
  InstancePage list(InstanceQuery query) throws StorageException;

  /**
   * Patients, studies, series or instances matching {@code query} (PS3.4 C.2.2.2 matching; see
   * {@link Match}), one page in the order documented by docs/storage.md, with the total.
   */
  QueryPage query(IndexQuery query) throws StorageException;

  /**
   * Deletes the row and its metadata document and updates its study and series (removed with
   * their last instance); returns what was deleted, or empty if there was none.
   */
  Optional<InstanceRecord> delete(String sopInstanceUid) throws StorageException;

  /**
   * Up to {@code limit} SOP Instance UIDs whose attributes were extracted under an older
   * {@link IndexedAttribute} declaration (for example rows carried over by a migration), in UID
   * order. The caller re-extracts their values from {@link #metadata} and calls {@link #reindex}.
   */
  List<String> staleInstances(int limit) throws StorageException;

  /**
   * Replaces the instance's attribute values with {@code values} (identity, storage facts and
   * metadata document unchanged), marks it current and updates its study and series. Returns the
   * updated row, or empty when the instance no longer exists.
   *
   * @throws IllegalArgumentException when {@code values} name different identity UIDs
   */
  Optional<InstanceRecord> reindex(String sopInstanceUid, AttributeValues values) throws StorageException;

  /**
   * Runs {@code work} only if no other holder of {@code lockName} (in this process or, for
   * PostgreSQL, on any node sharing the database) is running; returns its result, or empty at
   * once when the lock is taken. PostgreSQL uses a session advisory lock on a dedicated connection
   * held while {@code work} runs; should that connection die, the lock is gone, so use it for work
   * where running twice is wasteful but safe (such as the sweeper). SQLite uses an in-process lock.
   * Not reentrant: a nested call for the same name returns empty.
   */
  <T> Optional<T> tryExclusive(String lockName, ExclusiveWork<T> work) throws StorageException;

  /** Work run under {@link #tryExclusive}; returns a non-null result. */
  @FunctionalInterface
  interface ExclusiveWork<T> {
    T run() throws StorageException;
  }

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
