package dev.lightbox.http.service;

/**
 * A request the service refuses for a reason the client can fix. Each subclass is one outcome that
 * {@code ErrorMapping} turns into exactly one HTTP status; this type carries no HTTP knowledge.
 */
public abstract class ServiceException extends Exception {
  protected ServiceException(String message) {
    super(message);
  }

  /** Malformed input in the request itself (bad id, bad parameter): HTTP 400. */
  public static final class InvalidRequest extends ServiceException {
    public InvalidRequest(String message) {
      super(message);
    }
  }

  /** No stored instance has this SOP Instance UID: HTTP 404. */
  public static final class InstanceNotFound extends ServiceException {
    public InstanceNotFound(String id) {
      super("no instance with SOP Instance UID " + id + " is stored");
    }
  }

  /** A well-formed tag path names an attribute the instance does not have: HTTP 404. */
  public static final class AttributeNotFound extends ServiceException {
    public AttributeNotFound(String message) {
      super(message);
    }
  }

  /** The server has no room for the work right now (render memory budget): HTTP 503. */
  public static final class Busy extends ServiceException {
    public Busy(String message) {
      super(message);
    }
  }

  /** The upload is larger than the configured maximum: HTTP 413. */
  public static final class UploadTooLarge extends ServiceException {
    public UploadTooLarge(long limit) {
      super("the upload exceeds the maximum size of " + limit + " bytes");
    }
  }

  /**
   * The file is DICOM but cannot be stored as an instance: required identifying attributes are
   * missing or invalid (PS3.3 C.12.1, PS3.5 §9.1): HTTP 422.
   */
  public static final class UnprocessableInstance extends ServiceException {
    public UnprocessableInstance(String message) {
      super(message);
    }
  }

  /** The client stopped sending the body before it ended (stalled past the timeout, or gone): 408. */
  public static final class BodyIncomplete extends ServiceException {
    public BodyIncomplete(String message) {
      super(message);
    }
  }

  /** The instance has no value recorded as bulk data at this path: HTTP 404. */
  public static final class BulkDataNotFound extends ServiceException {
    public BulkDataNotFound(String message) {
      super(message);
    }
  }
}
