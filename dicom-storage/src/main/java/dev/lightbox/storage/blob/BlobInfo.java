package dev.lightbox.storage.blob;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about one blob.
 *
 * @param key the content address
 * @param size length in bytes
 * @param sha256 64 lowercase hex digits, equal to {@code key.sha256()}
 * @param lastModified when the blob was last written; the sweeper compares it with its grace period
 */
public record BlobInfo(BlobKey key, long size, String sha256, Instant lastModified) {

  public BlobInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(lastModified, "lastModified");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    if (!key.sha256().equals(sha256)) {
      throw new IllegalArgumentException("sha256 " + sha256 + " does not match key " + key);
    }
  }
}
