package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The relational index of stored instances, keyed by (tenant, SOP Instance UID), with the studies and series
 * they form (the attributes of {@link IndexedAttribute}, queried with {@link #query}), each
 * instance's metadata document, and the blob reference bookkeeping that keeps shared content safe.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every instance belongs to exactly one tenant, and everything but the blob bookkeeping is
 *       within one tenant: the same SOP Instance UID (or study, series) can exist independently in
 *       two tenants, and no method of one tenant sees another's rows. A tenant is a non-blank name
 *       of at most {@value #MAX_TENANT_LENGTH} characters ({@link #requireTenant}).</li>
 *   <li>The SOP Instance UID is unique within a tenant; the database's constraint, not a prior read, decides which
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
 * Blob references are counted across tenants: blobs are shared by content hash, so a delete in one
 * tenant never removes a blob that another tenant's row refers to.
 */
public interface InstanceIndex extends AutoCloseable {

  /** The tenant of everything stored without access control, and of rows from before schema 4. */
  String DEFAULT_TENANT = "default";

  /** Longest tenant name the index keeps (its column is VARCHAR(64)). */
  int MAX_TENANT_LENGTH = 64;

  /**
   * Returns {@code tenant} when it is a usable tenant name.
   *
   * @throws IllegalArgumentException when it is null, blank or longer than {@value #MAX_TENANT_LENGTH}
   */
  static String requireTenant(String tenant) {
    if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
      throw new IllegalArgumentException("tenant must be 1 to " + MAX_TENANT_LENGTH + " characters, got "
          + (tenant == null ? "none" : tenant.length() + " characters"));
    }
    return tenant;
  }

  /**
   * Inserts the row and its metadata document unless a row with the same SOP Instance UID exists,
   * and accounts for it in its study and series, all in one transaction.
   *
   * @param metadataDocument the caller's document for the instance (opaque to the index; returned
   *     verbatim by {@link #metadata})
   */
  InsertOutcome insertIfAbsent(String tenant, InstanceRecord record, String metadataDocument)
      throws StorageException;

  /**
   * Group commit: {@link #insertIfAbsent} for each record (into the tenant at the same position of
   * {@code tenants}: one batch may serve several tenants), in one transaction when the index can
   * (one durable commit for the batch). Outcomes in the order of {@code records}. On an exception
   * nothing of the batch is committed by an index that uses one transaction.
   */
  default List<InsertOutcome> insertAllIfAbsent(List<String> tenants, List<InstanceRecord> records,
      List<String> metadataDocuments) throws StorageException {
    List<InsertOutcome> outcomes = new java.util.ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      outcomes.add(insertIfAbsent(tenants.get(i), records.get(i), metadataDocuments.get(i)));
    }
    return outcomes;
  }

  /**
   * {@link #insertAllIfAbsent}, and the ingest lease on the blob key of every record that was
   * inserted released ({@link #releaseBlobLease}) in the same transaction when the index can: the
   * release costs no commit of its own. A record that was not inserted keeps its lease (its caller
   * decides what happens to it and releases it). Without one transaction (this default) the leases
   * are released right after the insert commits; a failure of that release is not reported, since
   * an unreleased lease only delays the deletion of its blob until it expires.
   */
  default List<InsertOutcome> insertAllIfAbsentReleasingLeases(List<String> tenants,
      List<InstanceRecord> records, List<String> metadataDocuments) throws StorageException {
    List<InsertOutcome> outcomes = insertAllIfAbsent(tenants, records, metadataDocuments);
    List<String> inserted = new java.util.ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).inserted()) {
        inserted.add(records.get(i).blobKey());
      }
    }
    try {
      releaseBlobLeases(inserted);
    } catch (StorageException | RuntimeException e) {
      // the leases expire by themselves
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
  Optional<InstanceRecord> replace(String tenant, InstanceRecord record, String metadataDocument,
      String expectedSha256) throws StorageException;

  /** The tenant's row of that SOP Instance UID, or empty (also when only another tenant has one). */
  Optional<InstanceRecord> find(String tenant, String sopInstanceUid) throws StorageException;

  /** The metadata document stored with the instance, or empty when the tenant has no such instance. */
  Optional<String> metadata(String tenant, String sopInstanceUid) throws StorageException;

  /**
   * Instance rows matching the filters on each instance's own values, ordered by creation time then
   * SOP Instance UID (the listing of {@code GET /instances}).
   */
  InstancePage list(String tenant, InstanceQuery query) throws StorageException;

  /**
   * Patients, studies, series or instances matching {@code query} (PS3.4 C.2.2.2 matching; see
   * {@link Match}), one page in the order documented by docs/storage.md, with the total.
   */
  QueryPage query(String tenant, IndexQuery query) throws StorageException;

  /**
   * Deletes the row and its metadata document and updates its study and series (removed with
   * their last instance); returns what was deleted, or empty if there was none.
   */
  Optional<InstanceRecord> delete(String tenant, String sopInstanceUid) throws StorageException;

  /**
   * Up to {@code limit} instances (of any tenant) whose attributes were extracted under an older
   * {@link IndexedAttribute} declaration (for example rows carried over by a migration), in UID
   * order. The caller re-extracts their values from {@link #metadata} and calls {@link #reindex}.
   */
  List<InstanceKey> staleInstances(int limit) throws StorageException;

  /**
   * Replaces the instance's attribute values with {@code values} (identity, storage facts and
   * metadata document unchanged), marks it current and updates its study and series. Returns the
   * updated row, or empty when the instance no longer exists.
   *
   * @throws IllegalArgumentException when {@code values} name different identity UIDs
   */
  Optional<InstanceRecord> reindex(String tenant, String sopInstanceUid, AttributeValues values)
      throws StorageException;

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

  /** True when some instance row, of any tenant, refers to {@code blobKey}. */
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

  /** The tenants that have at least one instance, sorted (for whole-store work such as the scrub). */
  List<String> tenants() throws StorageException;

  /** Number of instance rows, all tenants together. */
  long count() throws StorageException;

  /** Cheap health probe: throws if the database cannot currently serve requests. */
  void check() throws StorageException;

  /** A short description without secrets, e.g. {@code sqlite:/data/index.db}. */
  String describe();

  @Override
  void close();
}
