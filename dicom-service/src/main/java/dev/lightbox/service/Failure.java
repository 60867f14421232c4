package dev.lightbox.service;

/**
 * Why a service refused or failed a request, in words no transport owns. Each transport maps these
 * in one place: HTTP to a status and problem type, DICOMweb to a FailureReason (PS3.18 §10.5.3),
 * DIMSE to a status code (PS3.7 Annex C).
 */
public enum Failure {
  /** The request itself is malformed (bad id, bad parameter). */
  INVALID_REQUEST(false),
  /** A tag path that does not parse or names an unknown keyword. */
  INVALID_TAG_PATH(false),
  /** No stored instance has this SOP Instance UID. */
  INSTANCE_NOT_FOUND(false),
  /** A well-formed tag path that the instance does not have. */
  ATTRIBUTE_NOT_FOUND(false),
  /** The instance has no value kept as bulk data at this path. */
  BULK_DATA_NOT_FOUND(false),
  /** Different content is already stored under the SOP Instance UID. */
  CONFLICT(true),
  /**
   * The same instance was being changed by another request at the same moment (concurrent
   * replacements from several nodes); retrying shortly succeeds. Nothing was changed by this one.
   */
  CONCURRENT_CHANGE(true),
  /** The body's own framing is broken (e.g. a multipart part without its boundary). */
  MALFORMED_BODY(false),
  /** The body stopped arriving before it ended (stalled, or the client left). */
  BODY_INCOMPLETE(false),
  /** The body is larger than the configured maximum. */
  UPLOAD_TOO_LARGE(false),
  /** Not a DICOM file at all. */
  NOT_DICOM(true),
  /** DICOM whose encoding is broken at a tag path and byte offset. */
  MALFORMED_DICOM(true),
  /** Well-formed DICOM that cannot be an instance (identifying attributes missing or invalid). */
  INVALID_INSTANCE(true),
  /** A frame number past the last frame. */
  FRAME_OUT_OF_RANGE(false),
  /** The instance has no pixel data to render. */
  NO_PIXEL_DATA(false),
  /** Pixel data in a transfer syntax Lightbox cannot decode. */
  UNSUPPORTED_TRANSFER_SYNTAX(false),
  /** A configured or built-in limit would be exceeded. */
  LIMIT_EXCEEDED(false),
  /** Pixel data that is corrupt or contradicts the Image Pixel module. */
  INVALID_PIXEL_DATA(false),
  /** No capacity right now (render memory budget); retrying later can succeed. */
  BUSY(false),
  /** A store cannot be reached or did not answer in time. */
  STORAGE_UNAVAILABLE(false),
  /** A store is out of space. */
  STORAGE_FULL(false),
  /** A fault of the server itself. */
  INTERNAL(false);

  private final boolean itemScoped;

  Failure(boolean itemScoped) {
    this.itemScoped = itemScoped;
  }

  /**
   * True when the failure belongs to one item of a batch (this file is refused, the others still
   * count); false when it ends the whole batch (limits, a broken body, storage faults).
   */
  public boolean itemScoped() {
    return itemScoped;
  }
}
