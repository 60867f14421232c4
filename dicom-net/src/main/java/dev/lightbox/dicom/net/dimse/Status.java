package dev.lightbox.dicom.net.dimse;

/**
 * A DIMSE status (PS3.7 Annex C) with an optional Error Comment (0000,0902). The codes used by
 * Verification, Storage and Query/Retrieve are constants here (PS3.4 B.2.3, C.4.1.1.4,
 * C.4.2.1.5, C.4.3.1.4).
 */
public record Status(int code, String errorComment) {
  public static final int SUCCESS = 0x0000;
  public static final int PENDING = 0xFF00;
  /** Pending, but one or more Optional Keys were not supported (PS3.4 C.4.1.1.4). */
  public static final int PENDING_WARNING = 0xFF01;
  public static final int CANCEL = 0xFE00;
  /** Sub-operations complete, one or more failures or warnings (C-MOVE/C-GET, PS3.4 C.4.2.1.5). */
  public static final int SUB_OPERATIONS_COMPLETE_WITH_FAILURES = 0xB000;
  /** Storage warnings (PS3.4 B.2.3): coercion of data elements, elements discarded. */
  public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
  public static final int ELEMENTS_DISCARDED = 0xB006;
  public static final int DATASET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;
  /** Failures (PS3.7 C.5, PS3.4 B.2.3, C.4). */
  public static final int REFUSED_SOP_CLASS_NOT_SUPPORTED = 0x0122;
  public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
  public static final int NO_SUCH_SOP_CLASS = 0x0118;
  public static final int UNRECOGNIZED_OPERATION = 0x0211;
  public static final int MISTYPED_ARGUMENT = 0x0212;
  public static final int PROCESSING_FAILURE = 0x0110;
  public static final int OUT_OF_RESOURCES = 0xA700;
  public static final int OUT_OF_RESOURCES_MATCHES = 0xA701;
  public static final int OUT_OF_RESOURCES_SUB_OPERATIONS = 0xA702;
  public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
  public static final int DATASET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
  public static final int IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
  public static final int CANNOT_UNDERSTAND = 0xC000;
  public static final int UNABLE_TO_PROCESS = 0xC000;

  public static final Status OK = new Status(SUCCESS, "");

  public Status {
    errorComment = errorComment == null ? "" : errorComment;
  }

  public static Status of(int code) {
    return code == SUCCESS ? OK : new Status(code, "");
  }

  public static Status of(int code, String comment) {
    return new Status(code, comment);
  }

  public boolean isSuccess() {
    return code == SUCCESS;
  }

  public boolean isPending() {
    return code == PENDING || code == PENDING_WARNING;
  }

  public boolean isCancel() {
    return code == CANCEL;
  }

  /** Warning codes: 0001, Bxxx and 0107, 0116 (PS3.7 C.4). */
  public boolean isWarning() {
    return code == 0x0001 || (code & 0xF000) == 0xB000 || code == 0x0107 || code == 0x0116;
  }

  /** Anything that is neither success, pending, cancel nor warning is a failure. */
  public boolean isFailure() {
    return !isSuccess() && !isPending() && !isCancel() && !isWarning();
  }

  @Override
  public String toString() {
    return String.format("%04X", code) + (errorComment.isEmpty() ? "" : " (" + errorComment + ")");
  }
}
