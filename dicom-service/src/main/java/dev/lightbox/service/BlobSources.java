package dev.lightbox.service;

import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Random access to a stored file for the parser: the file itself when the store keeps local files,
 * otherwise ranged reads ({@link BlobByteSource}), so nothing copies a whole object first.
 */
public final class BlobSources {
  private BlobSources() {}

  /** Opens blob {@code blobKey} of {@code size} bytes; the caller closes it. */
  public static ByteSource open(BlobStore blobs, String blobKey, long size) throws IOException {
    BlobKey key = BlobKey.parse(blobKey);
    Optional<Path> local;
    try {
      local = blobs.localPath(key);
    } catch (StorageException e) {
      throw new IOException("locating blob " + key + " failed: " + e.getMessage(), e);
    }
    return local.isPresent() ? FileByteSource.open(local.get())
        : new BlobByteSource(blobs, key, size);
  }
}
