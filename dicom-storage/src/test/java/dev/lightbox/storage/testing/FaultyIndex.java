package dev.lightbox.storage.testing;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.BlobDeletion;
import dev.lightbox.storage.index.IndexQuery;
import dev.lightbox.storage.index.InsertOutcome;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstanceKey;
import dev.lightbox.storage.index.InstancePage;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.index.QueryPage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fault injection around a real index: fail row writes only, or everything. */
public final class FaultyIndex implements InstanceIndex {

  private final InstanceIndex delegate;
  private volatile boolean rowWritesFail;
  private volatile boolean down;

  public FaultyIndex(InstanceIndex delegate) {
    this.delegate = delegate;
  }

  /** insertIfAbsent/replace fail as if the database went away between blob and row. */
  public void failRowWrites(boolean fail) {
    rowWritesFail = fail;
  }

  public void down(boolean isDown) {
    down = isDown;
  }

  private void check(String op, boolean rowWrite) throws StorageException {
    if (down || (rowWrite && rowWritesFail)) {
      throw new StorageException(Reason.UNAVAILABLE, "faulty index: " + op + " failed: database unavailable");
    }
  }

  @Override
  public InsertOutcome insertIfAbsent(String tenant, InstanceRecord record, String metadataDocument) throws StorageException {
    check("insert", true);
    return delegate.insertIfAbsent(tenant, record, metadataDocument);
  }

  @Override
  public Optional<InstanceRecord> replace(String tenant, InstanceRecord record, String metadataDocument, String expectedSha256)
      throws StorageException {
    check("replace", true);
    return delegate.replace(tenant, record, metadataDocument, expectedSha256);
  }

  @Override
  public Optional<String> metadata(String tenant, String sopInstanceUid) throws StorageException {
    check("metadata", false);
    return delegate.metadata(tenant, sopInstanceUid);
  }

  @Override
  public QueryPage query(String tenant, IndexQuery query) throws StorageException {
    check("query", false);
    return delegate.query(tenant, query);
  }

  @Override
  public List<InstanceKey> staleInstances(int limit) throws StorageException {
    check("staleInstances", false);
    return delegate.staleInstances(limit);
  }

  @Override
  public Optional<InstanceRecord> reindex(String tenant, String sopInstanceUid, AttributeValues values) throws StorageException {
    check("reindex", true);
    return delegate.reindex(tenant, sopInstanceUid, values);
  }

  @Override
  public <T> Optional<T> tryExclusive(String lockName, ExclusiveWork<T> work) throws StorageException {
    check("tryExclusive", false);
    return delegate.tryExclusive(lockName, work);
  }

  @Override
  public Optional<InstanceRecord> find(String tenant, String sopInstanceUid) throws StorageException {
    check("find", false);
    return delegate.find(tenant, sopInstanceUid);
  }

  @Override
  public InstancePage list(String tenant, InstanceQuery query) throws StorageException {
    check("list", false);
    return delegate.list(tenant, query);
  }

  @Override
  public Optional<InstanceRecord> delete(String tenant, String sopInstanceUid) throws StorageException {
    check("delete", false);
    return delegate.delete(tenant, sopInstanceUid);
  }

  @Override
  public boolean isBlobReferenced(String blobKey) throws StorageException {
    check("isBlobReferenced", false);
    return delegate.isBlobReferenced(blobKey);
  }

  @Override
  public void acquireBlobLease(String blobKey, Instant until) throws StorageException {
    check("acquireBlobLease", false);
    delegate.acquireBlobLease(blobKey, until);
  }

  @Override
  public void releaseBlobLease(String blobKey) throws StorageException {
    check("releaseBlobLease", false);
    delegate.releaseBlobLease(blobKey);
  }

  @Override
  public boolean deleteBlobIfUnreferenced(String blobKey, Instant now, BlobDeletion deletion) throws StorageException {
    check("deleteBlobIfUnreferenced", false);
    return delegate.deleteBlobIfUnreferenced(blobKey, now, deletion);
  }

  @Override
  public List<String> tenants() throws StorageException {
    check("tenants", false);
    return delegate.tenants();
  }

  @Override
  public long count() throws StorageException {
    check("count", false);
    return delegate.count();
  }

  @Override
  public void check() throws StorageException {
    check("check", false);
    delegate.check();
  }

  @Override
  public String describe() {
    return "faulty(" + delegate.describe() + ")";
  }

  @Override
  public void close() {
    delegate.close();
  }
}
