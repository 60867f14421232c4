package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.render.BlobByteSource;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Opens a stored instance for random access: the local file, or ranged reads of a remote blob. */
final class BlobSources {
  private BlobSources() {}

  static ByteSource open(BlobStore blobs, StoredInstance instance) throws IOException {
    BlobKey key = BlobKey.parse(instance.blobKey());
    Optional<Path> local = blobs.localPath(key);
    return local.isPresent() ? FileByteSource.open(local.get())
        : new BlobByteSource(blobs, key, instance.size());
  }
}
