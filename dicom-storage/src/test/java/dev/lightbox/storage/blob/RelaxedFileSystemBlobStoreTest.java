package dev.lightbox.storage.blob;

import dev.lightbox.storage.Durability;
import java.time.Clock;

/** The blob contract holds unchanged when the filesystem store skips fsync (RELAXED). */
class RelaxedFileSystemBlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore createStore() throws Exception {
    return FileSystemBlobStore.open(tempDir.resolve("blobs"), Clock.systemUTC(),
        Durability.RELAXED);
  }

  @Override
  protected boolean putFileVerifiesHash() {
    return false; // same filesystem: hard link, the caller's hash is trusted
  }
}
