package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.metadata.MetadataDocument;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.service.render.RenderBudget;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  private final RenderBudget budget;

  /** @param budget the heap budget decoded frames take (shared with the renderer) */
  public RetrieveService(CatalogService catalog, MetadataService metadata, BlobStore blobs,
      RenderBudget budget) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /** The original bytes of the tenant's {@code id}, as a local file when the store has one. */
  public StoredFile file(Tenant tenant, String id) throws ServiceException {
    StoredInstance instance = catalog.find(tenant, id);
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

  /** Most instances one archive holds (the same bound as WADO-RS retrieval of a study). */
  public static final int MAX_ARCHIVE_INSTANCES = 100_000;

  /**
   * The original files of study {@code study}, or of its series {@code series}, as a ZIP archive
   * to stream ({@link StudyArchive}). The listing comes from the index now, so an unknown study or
   * series is INSTANCE_NOT_FOUND before anything is sent.
   */
  public StudyArchive archive(Tenant tenant, String study, Optional<String> series)
      throws ServiceException {
    java.util.List<StoredInstance> instances = catalog.instancesOf(tenant, study, series,
        MAX_ARCHIVE_INSTANCES);
    return new StudyArchive(study, series, instances,
        instance -> blobs.openRange(key(instance), 0, instance.size()),
        instance -> {
          try {
            catalog.find(tenant, instance.sopInstanceUid());
            return true;
          } catch (ServiceException e) {
            if (e.failure() == Failure.INSTANCE_NOT_FOUND) {
              return false;
            }
            throw e;
          }
        });
  }

  /**
   * The value at {@code path} that the attributes document gives as a BulkDataURI. Its position in
   * the file was recorded at ingest, so this is one ranged read of the blob with no parsing.
   */
  public BulkValue bulk(Tenant tenant, String id, TagPath path) throws ServiceException {
    StoredInstance instance = catalog.find(tenant, id);
    Optional<BulkDataRef> recorded = metadata.document(instance).bulk(path);
    if (recorded.isEmpty() && path.depth() == 1 && path.lastTag() == Tag.PIXEL_DATA
        && instance.frames() > 0) {
      recorded = pixelData(instance);
    }
    BulkDataRef ref = recorded.orElseThrow(() ->
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

  /**
   * Pixel Data's value as stored (native bytes, or the encapsulated items): ingest records no
   * position for it, so the header is read again up to it ({@link PixelDataLocator}).
   */
  private Optional<BulkDataRef> pixelData(StoredInstance instance) throws ServiceException {
    try (ByteSource source = dev.lightbox.service.BlobSources.open(blobs, instance.blobKey(),
        instance.size())) {
      return PixelDataLocator.locate(source, ReadOptions.headerOnly());
    } catch (IOException e) {
      throw Failures.translate(e);
    }
  }

  /**
   * True when {@code instance} can be sent in {@code syntaxUid}: as stored, or as Explicit VR
   * Little Endian when it is native or Lightbox decodes its pixel data. Decided from the index.
   */
  public boolean canSendAs(StoredInstance instance, String syntaxUid) {
    if (syntaxUid.equals(instance.transferSyntaxUid())) {
      return true;
    }
    return syntaxUid.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())
        && Transcoder.canTranscode(TransferSyntax.of(instance.transferSyntaxUid()));
  }

  /**
   * Writes {@code instance} as a Part 10 file in {@code syntaxUid} (its stored syntax, or Explicit
   * VR Little Endian; see {@link #canSendAs}). The stored bytes are copied when no rewrite is
   * needed.
   */
  public void writeAs(StoredInstance instance, String syntaxUid, OutputStream out)
      throws ServiceException, IOException {
    if (!canSendAs(instance, syntaxUid)) {
      throw new ServiceException(Failure.UNSUPPORTED_TRANSFER_SYNTAX, "instance "
          + instance.sopInstanceUid() + " is stored as " + instance.transferSyntaxUid()
          + " and cannot be sent as " + syntaxUid);
    }
    if (syntaxUid.equals(instance.transferSyntaxUid())) {
      try (InputStream in = blobs.openRange(key(instance), 0, instance.size())) {
        in.transferTo(out);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw Failures.translate(e);
      }
      return;
    }
    try (ByteSource source = dev.lightbox.service.BlobSources.open(blobs, instance.blobKey(), instance.size())) {
      Transcoder.toExplicitLittle(source, out, budget);
    } catch (IOException e) {
      ServiceException s = Failures.translate(e);
      if (s.failure() == Failure.INTERNAL) {
        throw e;
      }
      throw s;
    }
  }

  private static BlobKey key(StoredInstance instance) throws ServiceException {
    try {
      return BlobKey.parse(instance.blobKey());
    } catch (RuntimeException e) {
      throw Failures.translate(e);
    }
  }
}
