package dev.lightbox.storage.ingest;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.Sha256;
import dev.lightbox.storage.index.InsertOutcome;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstanceRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transport-free ingest protocol (docs/storage.md): lease the blob key, write the blob, commit
 * the index row, release the lease. The index's unique SOP Instance UID decides races; identical
 * content is idempotent, different content is a {@link ConflictException} unless replacement was
 * requested, and a replaced or deleted instance's blob is released only once no row refers to it.
 */
public final class Ingestor {

  private static final System.Logger LOG = System.getLogger(Ingestor.class.getName());
  private static final int MAX_ROUNDS = 5;
  /**
   * Row changes of one SOP Instance UID are serialised within this process (striped by UID), so
   * concurrent replacements of one instance take turns instead of exhausting {@link #MAX_ROUNDS}
   * (16 concurrent replaces of one UID used to fail 9 times). Other nodes sharing the index can
   * still race; the unique SOP Instance UID and the compare-and-set replace decide those.
   */
  private final Object[] rowLocks = new Object[64];

  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Duration leaseDuration;
  private final Clock clock;
  /** Present when new instances are committed in shared batches (see {@link #withGroupCommit}). */
  private GroupCommit<BatchItem> groupCommit;

  /** Most uploads in one group commit: bounds one batch's transaction and directory fsyncs. */
  static final int MAX_BATCH = 64;

  /**
   * @param leaseDuration how long a crashed ingest keeps its blob safe from deletion; must exceed
   *     the longest time between writing a blob and committing its row
   */
  public Ingestor(BlobStore blobs, InstanceIndex index, Duration leaseDuration, Clock clock) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.index = Objects.requireNonNull(index, "index");
    this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (leaseDuration.isNegative() || leaseDuration.isZero()) {
      throw new IllegalArgumentException("lease duration must be positive");
    }
    for (int i = 0; i < rowLocks.length; i++) {
      rowLocks[i] = new Object();
    }
  }

  /** Keyed by UID alone, not tenant: two tenants' uploads of one UID merely wait for each other. */
  private Object rowLock(String sopInstanceUid) {
    return rowLocks[Math.floorMod(sopInstanceUid.hashCode(), rowLocks.length)];
  }

  /**
   * Commits new instances in shared batches (group commit): concurrent uploads share one lease
   * transaction, one fsync per distinct blob directory and one index commit, and each is
   * acknowledged only after its batch is durable. Replacements, duplicates and conflicts keep the
   * per-upload path. Returns this ingestor.
   */
  public Ingestor withGroupCommit() {
    groupCommit = new GroupCommit<>(this::commitBatch, MAX_BATCH);
    return this;
  }

  /** Group commits run so far; 0 without group commit. */
  long groupCommitBatches() {
    return groupCommit == null ? 0 : groupCommit.batches();
  }

  /** One new instance waiting for its batch, and what the batch did with it. */
  private static final class BatchItem {
    final Path file;
    final BlobKey key;
    final String tenant;
    final InstanceRecord record;
    final String metadataDocument;
    /** The caller fsynced the file already: the store only makes its directory entry durable. */
    final boolean synced;
    InsertOutcome outcome;
    boolean leaseHeld;
    Exception failure;

    BatchItem(String tenant, Path file, BlobKey key, InstanceRecord record, String metadataDocument,
        boolean synced) {
      this.synced = synced;
      this.tenant = tenant;
      this.file = file;
      this.key = key;
      this.record = record;
      this.metadataDocument = metadataDocument;
    }
  }

  /**
   * One batch: leases (one transaction, not fsynced on SQLite: JdbcInstanceIndex#writeLease),
   * blobs (each file fsynced unless its submitter did, each distinct directory once), then rows
   * and the release of the inserted rows' leases in one durable transaction. Any failure is
   * recorded in every item, whose submitter then takes the per-upload path (ingest is safe to
   * retry).
   */
  private void commitBatch(List<BatchItem> batch) {
    List<String> keys = new ArrayList<>(batch.size());
    List<Path> files = new ArrayList<>(batch.size());
    List<String> shas = new ArrayList<>(batch.size());
    List<Path> syncedFiles = new ArrayList<>(batch.size());
    List<String> syncedShas = new ArrayList<>(batch.size());
    List<String> tenants = new ArrayList<>(batch.size());
    List<InstanceRecord> records = new ArrayList<>(batch.size());
    List<String> documents = new ArrayList<>(batch.size());
    for (BatchItem item : batch) {
      keys.add(item.key.value());
      (item.synced ? syncedFiles : files).add(item.file);
      (item.synced ? syncedShas : shas).add(item.key.sha256());
      tenants.add(item.tenant);
      records.add(item.record);
      documents.add(item.metadataDocument);
    }
    try {
      index.acquireBlobLeases(keys, clock.instant().plus(leaseDuration));
    } catch (StorageException | RuntimeException e) {
      batch.forEach(item -> item.failure = e);
      return;
    }
    List<InsertOutcome> outcomes;
    try {
      if (!files.isEmpty()) {
        blobs.putFiles(files, shas);
      }
      if (!syncedFiles.isEmpty()) {
        blobs.putSyncedFiles(syncedFiles, syncedShas);
      }
      outcomes = index.insertAllIfAbsentReleasingLeases(tenants, records, documents);
    } catch (StorageException | RuntimeException e) {
      releaseLeasesQuietly(keys);
      batch.forEach(item -> item.failure = e);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      BatchItem item = batch.get(i);
      item.outcome = outcomes.get(i);
      // An inserted row's lease went with its commit; any other item's submitter decides
      // (conflict, duplicate) and releases its lease.
      item.leaseHeld = !item.outcome.inserted();
    }
  }

  private void releaseLeasesQuietly(List<String> keys) {
    try {
      index.releaseBlobLeases(keys);
    } catch (StorageException | RuntimeException e) {
      LOG.log(Level.WARNING, keys.size() + " blob leases not released, they expire by themselves: "
          + e.getMessage());
    }
  }

  /**
   * The group-commit path of a new instance: empty when the batch failed (the caller then runs
   * the per-upload path), else the result.
   */
  private Optional<IngestResult> ingestInBatch(String tenant, Path file, BlobKey key, InstanceRecord record,
      IngestRequest request, boolean synced) throws ConflictException, StorageException {
    BatchItem item = new BatchItem(tenant, file, key, record, request.metadataDocument(), synced);
    groupCommit.submit(item);
    if (item.failure != null) {
      LOG.log(Level.DEBUG, "group commit failed, storing " + record.sopInstanceUid()
          + " on its own: " + item.failure);
      return Optional.empty();
    }
    if (item.outcome.inserted()) {
      return Optional.of(new IngestResult(IngestStatus.STORED, record, Optional.empty()));
    }
    // Another upload of this SOP Instance UID won: decide as the per-upload path does.
    IngestResult result;
    try {
      synchronized (rowLock(record.sopInstanceUid())) {
        result = commitRow(tenant, record, request.metadataDocument(), Optional.of(item.outcome.stored()),
            request.replace());
      }
    } catch (ConflictException | ConcurrentChangeException e) {
      releaseLeaseQuietly(key);
      releaseBlob(key);
      throw e;
    } catch (StorageException | RuntimeException e) {
      releaseLeaseQuietly(key);
      throw e;
    }
    releaseLeaseQuietly(key);
    if (result.status() == IngestStatus.REPLACED) {
      releaseBlob(BlobKey.parse(result.replaced().orElseThrow().blobKey()));
    }
    return Optional.of(result);
  }

  /** One-hour lease, system clock. */
  public Ingestor(BlobStore blobs, InstanceIndex index) {
    this(blobs, index, Duration.ofHours(1), Clock.systemUTC());
  }

  /** Hashes {@code file} and ingests it; see {@link #ingest(String, Path, String, IngestRequest)}. */
  public IngestResult ingest(String tenant, Path file, IngestRequest request)
      throws ConflictException, StorageException {
    String sha;
    try {
      sha = Sha256.of(file);
    } catch (IOException e) {
      throw new StorageException(Reason.IO, "ingest: reading " + file + " failed: " + e, e);
    }
    return ingest(tenant, file, sha, request);
  }

  /**
   * Stores the instance whose bytes are in {@code file} (SHA-256 {@code sha256}, computed by the
   * caller while receiving it) in {@code tenant}. The file stays the caller's to delete. Safe to
   * retry after any exception. The blob is shared by content with every tenant that stores the
   * same bytes; rows, conflicts and replacements are the tenant's own.
   */
  public IngestResult ingest(String tenant, Path file, String sha256, IngestRequest request)
      throws ConflictException, StorageException {
    return ingest(tenant, file, sha256, request, false);
  }

  /**
   * {@link #ingest(String, Path, String, IngestRequest)} of a file the caller has already fsynced
   * after its last write (the server's spool file under {@code --durability full}): the blob store
   * does not fsync it a second time (BlobStore#putSyncedFile), it only makes the new directory
   * entry durable.
   */
  public IngestResult ingestSynced(String tenant, Path file, String sha256, IngestRequest request)
      throws ConflictException, StorageException {
    return ingest(tenant, file, sha256, request, true);
  }

  private IngestResult ingest(String tenant, Path file, String sha256, IngestRequest request,
      boolean synced) throws ConflictException, StorageException {
    InstanceIndex.requireTenant(tenant);
    BlobKey key = BlobKey.ofSha256(sha256);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new StorageException(Reason.IO, "ingest: reading " + file + " failed: " + e, e);
    }
    Instant now = clock.instant();
    InstanceRecord record = request.toRecord(key.value(), size, key.sha256(), now);

    // Cheap pre-check: an identical re-upload or a plain conflict needs no blob write at all.
    Optional<InstanceRecord> current = index.find(tenant, record.sopInstanceUid());
    if (current.isPresent()) {
      InstanceRecord cur = current.get();
      if (cur.sha256().equals(record.sha256())) {
        return new IngestResult(IngestStatus.ALREADY_STORED, cur, Optional.empty());
      }
      if (!request.replace()) {
        throw new ConflictException(cur, record.sha256());
      }
    }

    if (groupCommit != null && current.isEmpty()) {
      Optional<IngestResult> batched = ingestInBatch(tenant, file, key, record, request, synced);
      if (batched.isPresent()) {
        return batched.get();
      }
    }
    index.acquireBlobLease(key.value(), now.plus(leaseDuration));
    IngestResult result;
    boolean leaseReleased = false;
    try {
      if (synced) {
        blobs.putSyncedFile(file, key.sha256());
      } else {
        blobs.putFile(file, key.sha256());
      }
      synchronized (rowLock(record.sopInstanceUid())) {
        if (current.isEmpty()) {
          // A new instance: its row and the release of its lease commit together.
          InsertOutcome o = index.insertAllIfAbsentReleasingLeases(List.of(tenant), List.of(record),
              List.of(request.metadataDocument())).get(0);
          leaseReleased = o.inserted();
          current = Optional.of(o.stored());
        }
        result = leaseReleased ? new IngestResult(IngestStatus.STORED, record, Optional.empty())
            : commitRow(tenant, record, request.metadataDocument(), current, request.replace());
      }
    } catch (ConflictException | ConcurrentChangeException e) {
      releaseLeaseQuietly(key);
      releaseBlob(key); // our blob lost the race; remove it now unless someone else uses it
      throw e;
    } catch (StorageException | RuntimeException e) {
      releaseLeaseQuietly(key);
      throw e; // the blob, if written, is unreferenced; its lease expires and the sweeper removes it
    }
    if (!leaseReleased) {
      releaseLeaseQuietly(key);
    }
    if (result.status() == IngestStatus.REPLACED) {
      InstanceRecord old = result.replaced().orElseThrow();
      releaseBlob(BlobKey.parse(old.blobKey()));
    }
    return result;
  }

  private IngestResult commitRow(String tenant, InstanceRecord record, String metadataDocument, Optional<InstanceRecord> current,
      boolean replace)
      throws ConflictException, StorageException {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      if (current.isEmpty()) {
        InsertOutcome o = index.insertIfAbsent(tenant, record, metadataDocument);
        if (o.inserted()) {
          return new IngestResult(IngestStatus.STORED, record, Optional.empty());
        }
        current = Optional.of(o.stored());
      }
      InstanceRecord cur = current.get();
      if (cur.sha256().equals(record.sha256())) {
        return new IngestResult(IngestStatus.ALREADY_STORED, cur, Optional.empty());
      }
      if (!replace) {
        throw new ConflictException(cur, record.sha256());
      }
      Optional<InstanceRecord> old = index.replace(tenant, record, metadataDocument, cur.sha256());
      if (old.isPresent()) {
        return new IngestResult(IngestStatus.REPLACED, record, old);
      }
      current = index.find(tenant, record.sopInstanceUid()); // changed under us: decide again
    }
    throw new ConcurrentChangeException("instance " + record.sopInstanceUid()
        + " was changed by other requests at the same time (" + MAX_ROUNDS + " attempts); "
        + "nothing was changed by this one, retry shortly");
  }

  /**
   * Deletes the tenant's row of the instance, then its blob if no other row (of any tenant) refers
   * to it. Returns the deleted row, or empty if the tenant had none. A blob that cannot be removed now (store down) is left for the
   * sweeper; the delete itself has already succeeded.
   */
  public Optional<InstanceRecord> delete(String tenant, String sopInstanceUid) throws StorageException {
    Optional<InstanceRecord> removed = index.delete(tenant, sopInstanceUid);
    if (removed.isPresent()) {
      releaseBlob(BlobKey.parse(removed.get().blobKey()));
    }
    return removed;
  }

  /** Removes the blob when nothing refers to it; failures are logged and left to the sweeper. */
  boolean releaseBlob(BlobKey key) {
    try {
      return index.deleteBlobIfUnreferenced(key.value(), clock.instant(), () -> blobs.delete(key));
    } catch (StorageException | RuntimeException e) {
      LOG.log(Level.WARNING, "blob " + key + " not released now, the sweeper will retry: " + e.getMessage());
      return false;
    }
  }

  private void releaseLeaseQuietly(BlobKey key) {
    try {
      index.releaseBlobLease(key.value());
    } catch (StorageException | RuntimeException e) {
      LOG.log(Level.WARNING, "lease on " + key + " not released, it expires by itself: " + e.getMessage());
    }
  }
}
