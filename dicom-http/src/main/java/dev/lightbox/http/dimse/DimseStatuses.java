package dev.lightbox.http.dimse;

import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.ingest.IngestOutcome;

/**
 * The one place service outcomes become DIMSE statuses (PS3.4 B.2.3 for C-STORE, C.4.1.1.4 for
 * C-FIND, C.4.2.1.5 for C-MOVE/C-GET; PS3.7 Annex C for the general ones). See docs/dimse.md.
 */
public final class DimseStatuses {
  private DimseStatuses() {}

  /**
   * A successful ingest is Success (0000), also when the identical instance was already stored:
   * the SCP holds the instance, which is what the SCU asked for, and the warnings of PS3.4 B.2.3
   * (B000 coercion, B006 elements discarded, B007 mismatch) would each claim something untrue.
   */
  public static Status stored(IngestOutcome outcome) {
    return Status.OK;
  }

  /** A refused or failed ingest. */
  public static Status storeFailure(ServiceException e) {
    String message = e.getMessage() == null ? e.failure().name() : e.getMessage();
    int code = switch (e.failure()) {
      // Different content under a stored SOP Instance UID: refused without replacing it.
      case CONFLICT -> Status.DUPLICATE_SOP_INSTANCE;
      case NOT_DICOM, MALFORMED_DICOM, MALFORMED_BODY -> Status.CANNOT_UNDERSTAND;
      case INVALID_INSTANCE, INVALID_REQUEST -> Status.DATASET_DOES_NOT_MATCH_SOP_CLASS;
      case UPLOAD_TOO_LARGE, LIMIT_EXCEEDED, STORAGE_FULL, STORAGE_UNAVAILABLE, BUSY,
          CONCURRENT_CHANGE -> Status.OUT_OF_RESOURCES;
      default -> Status.PROCESSING_FAILURE;
    };
    return Status.of(code, message);
  }

  /** A failed query or retrieve lookup: the status a C-FIND/C-MOVE/C-GET answers with. */
  public static Status queryFailure(ServiceException e, boolean retrieve) {
    String message = e.getMessage() == null ? e.failure().name() : e.getMessage();
    int code = switch (e.failure()) {
      case INVALID_REQUEST -> Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS;
      case LIMIT_EXCEEDED -> retrieve ? Status.OUT_OF_RESOURCES_MATCHES : Status.OUT_OF_RESOURCES;
      default -> retrieve ? Status.OUT_OF_RESOURCES_MATCHES : Status.OUT_OF_RESOURCES;
    };
    return Status.of(code, message);
  }
}
