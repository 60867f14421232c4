package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.metadata.MetadataDocument;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Bytes of stored instances, unparsed: the original file (for downloads, WADO and C-GET/C-MOVE)
 * and single large values at the offsets recorded at ingest (one ranged read, from S3 as well).
 */
public final class RetrieveService {
  private final CatalogService catalog;
  private final MetadataService metadata;
  private final BlobStore blobs;

  public RetrieveService(CatalogService catalog, MetadataService metadata, BlobStore blobs) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
  }

  /** The original bytes of {@code id}, as a local file when the store has one. */
  public StoredFile file(String id) throws ServiceException {
    StoredInstance instance = catalog.find(id);
    BlobKey key = key(instance);
    Optional<Path> local;
    try {
      local = blobs.localPath(key);
    } catch (Exception e) {
      throw Failures.translate(e);
    }
    return new StoredFile(instance, instance.size(), local,
        (offset, length) -> blobs.openRange(key, offset, length));
  }

  /**
   * The value at {@code path} that the attributes document gives as a BulkDataURI. Its position in
   * the file was recorded at ingest, so this is one ranged read of the blob with no parsing.
   */
  public BulkValue bulk(String id, TagPath path) throws ServiceException {
    StoredInstance instance = catalog.find(id);
    BulkDataRef ref = metadata.document(instance).bulk(path).orElseThrow(() ->
        new ServiceException(Failure.BULK_DATA_NOT_FOUND, "instance " + id
            + " has no bulk data value at " + MetadataDocument.describe(path)
            + "; the attributes document lists the values served here as BulkDataURI"));
    if (ref.offset() + ref.length() > instance.size()) {
      throw new ServiceException(Failure.INTERNAL, "bulk value at " + path + " (offset "
          + ref.offset() + ", length " + ref.length() + ") lies outside the stored file of "
          + instance.size() + " bytes");
    }
    BlobKey key = key(instance);
    return new BulkValue(instance.sha256(), ref.length(),
        (offset, length) -> blobs.openRange(key, ref.offset() + offset, length));
  }

  private static BlobKey key(StoredInstance instance) throws ServiceException {
    try {
      return BlobKey.parse(instance.blobKey());
    } catch (RuntimeException e) {
      throw Failures.translate(e);
    }
  }
}
