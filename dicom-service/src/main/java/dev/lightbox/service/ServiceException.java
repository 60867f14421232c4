package dev.lightbox.service;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A service outcome other than success: one {@link Failure} kind, a message that says what to fix,
 * and for malformed DICOM the tag path and byte offset where it broke. Services translate every
 * failure of dicom-core and dicom-storage into this one type ({@link Failures}), so a transport
 * maps exactly one exception type.
 */
public final class ServiceException extends Exception {
  private final Failure failure;
  private final String tagPath;
  private final long offset;
  private final Store store;

  public ServiceException(Failure failure, String message) {
    this(failure, message, null, -1, null);
  }

  public ServiceException(Failure failure, String message, Throwable cause) {
    this(failure, message, null, -1, cause);
  }

  ServiceException(Failure failure, String message, String tagPath, long offset, Throwable cause) {
    this(failure, message, tagPath, offset, null, cause);
  }

  private ServiceException(Failure failure, String message, String tagPath, long offset,
      Store store, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
    this.tagPath = tagPath;
    this.offset = offset;
    this.store = store;
  }

  /**
   * {@code store} cannot be reached or did not answer in time ({@link
   * Failure#STORAGE_UNAVAILABLE}). The message is for clients, so it names the store's role, not
   * its host or path; the cause keeps the details for the operator's log.
   */
  public static ServiceException storeUnavailable(Store store, String message, Throwable cause) {
    return new ServiceException(Failure.STORAGE_UNAVAILABLE, message, null, -1,
        Objects.requireNonNull(store, "store"), cause);
  }

  /** The store that failed, for {@link Failure#STORAGE_UNAVAILABLE} when the store is known. */
  public Optional<Store> store() {
    return Optional.ofNullable(store);
  }

  public Failure failure() {
    return failure;
  }

  /** Where malformed DICOM broke, when known. */
  public Optional<String> tagPath() {
    return Optional.ofNullable(tagPath);
  }

  /** The byte offset where malformed DICOM broke, when known. */
  public OptionalLong offset() {
    return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  public static ServiceException invalidRequest(String message) {
    return new ServiceException(Failure.INVALID_REQUEST, message);
  }

  public static ServiceException instanceNotFound(String id) {
    return new ServiceException(Failure.INSTANCE_NOT_FOUND,
        "no instance with SOP Instance UID " + id + " is stored");
  }

  public static ServiceException uploadTooLarge(long limit) {
    return new ServiceException(Failure.UPLOAD_TOO_LARGE,
        "the upload exceeds the maximum size of " + limit + " bytes");
  }
}
