package dev.lightbox.storage.blob;

import dev.lightbox.storage.StorageException;

/** The blob named by a {@link BlobKey} is not in the store. */
public final class BlobNotFoundException extends StorageException {

  private final BlobKey key;

  public BlobNotFoundException(BlobKey key, String store) {
    super(Reason.NOT_FOUND, "blob " + key + " not found in " + store);
    this.key = key;
  }

  public BlobKey key() {
    return key;
  }
}
