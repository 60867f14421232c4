package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;

/** Removes a blob from its store; run by the index while it holds the blob's reference row locked. */
@FunctionalInterface
public interface BlobDeletion {
  void delete() throws StorageException;
}
