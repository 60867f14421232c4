package dev.lightbox.storage;

import java.io.IOException;
import java.util.Objects;

/**
 * A storage operation failed. The {@link Reason} says what kind of failure it was so that callers
 * can map it (for example to 503 for {@link Reason#UNAVAILABLE}) without parsing messages; the
 * message names the store and the operation.
 *
 * <p>Every operation in this module that can fail throws this type (or a subclass) instead of
 * returning {@code null} or {@code false}. A failed write leaves nothing visible, so retrying the
 * same call is always safe.
 */
public class StorageException extends IOException {

  /** What went wrong, coarse enough to map to a response. */
  public enum Reason {
    /** The requested blob or row does not exist. */
    NOT_FOUND,
    /** The backing service (S3 endpoint, database) could not be reached or refused service. */
    UNAVAILABLE,
    /** The backing service did not answer in time. */
    TIMEOUT,
    /** No space left (disk full, quota exceeded). */
    FULL,
    /** Stored or supplied bytes do not match their SHA-256. */
    INTEGRITY,
    /** Any other I/O or protocol failure. */
    IO
  }

  /**
   * Which of the two stores failed, so that an outage can be reported as "the index" or "the blob
   * store" without parsing messages (an operator fixes a different machine for each).
   */
  public enum Store {
    /** The metadata index (SQLite or PostgreSQL). */
    INDEX,
    /** The blob store (the data directory or S3). */
    BLOB_STORE
  }

  private final Reason reason;
  private final Store store;

  public StorageException(Reason reason, String message) {
    this(null, reason, message, null);
  }

  public StorageException(Reason reason, String message, Throwable cause) {
    this(null, reason, message, cause);
  }

  /** @param store the store that failed; null when the failure is not one store's */
  public StorageException(Store store, Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.store = store;
  }

  public Reason reason() {
    return reason;
  }

  /** The store that failed, when the failure is known to be one store's. */
  public java.util.Optional<Store> store() {
    return java.util.Optional.ofNullable(store);
  }
}
