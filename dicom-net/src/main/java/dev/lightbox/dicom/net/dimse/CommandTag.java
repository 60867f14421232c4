package dev.lightbox.dicom.net.dimse;

/** Command set elements of group 0000 (PS3.7 §E.1, Table E.1-1) and their fixed VRs. */
public final class CommandTag {
  public static final int COMMAND_GROUP_LENGTH = 0x00000000;
  public static final int AFFECTED_SOP_CLASS_UID = 0x00000002;
  public static final int REQUESTED_SOP_CLASS_UID = 0x00000003;
  public static final int COMMAND_FIELD = 0x00000100;
  public static final int MESSAGE_ID = 0x00000110;
  public static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x00000120;
  public static final int MOVE_DESTINATION = 0x00000600;
  public static final int PRIORITY = 0x00000700;
  public static final int COMMAND_DATA_SET_TYPE = 0x00000800;
  public static final int STATUS = 0x00000900;
  public static final int OFFENDING_ELEMENT = 0x00000901;
  public static final int ERROR_COMMENT = 0x00000902;
  public static final int ERROR_ID = 0x00000903;
  public static final int AFFECTED_SOP_INSTANCE_UID = 0x00001000;
  public static final int REQUESTED_SOP_INSTANCE_UID = 0x00001001;
  public static final int NUMBER_OF_REMAINING_SUBOPERATIONS = 0x00001020;
  public static final int NUMBER_OF_COMPLETED_SUBOPERATIONS = 0x00001021;
  public static final int NUMBER_OF_FAILED_SUBOPERATIONS = 0x00001022;
  public static final int NUMBER_OF_WARNING_SUBOPERATIONS = 0x00001023;
  public static final int MOVE_ORIGINATOR_AE_TITLE = 0x00001030;
  public static final int MOVE_ORIGINATOR_MESSAGE_ID = 0x00001031;

  /** Command Data Set Type (0000,0800) meaning "no data set" (PS3.7 §E.1). */
  public static final int NO_DATA_SET = 0x0101;

  private CommandTag() {}

  /** The VR of a command element; elements not in Table E.1-1 are kept as opaque bytes. */
  enum Kind {
    US, UL, UI, AE, LO, AT, OTHER
  }

  static Kind kind(int tag) {
    return switch (tag) {
      case COMMAND_GROUP_LENGTH -> Kind.UL;
      case AFFECTED_SOP_CLASS_UID, REQUESTED_SOP_CLASS_UID, AFFECTED_SOP_INSTANCE_UID,
          REQUESTED_SOP_INSTANCE_UID -> Kind.UI;
      case COMMAND_FIELD, MESSAGE_ID, MESSAGE_ID_BEING_RESPONDED_TO, PRIORITY,
          COMMAND_DATA_SET_TYPE, STATUS, ERROR_ID, NUMBER_OF_REMAINING_SUBOPERATIONS,
          NUMBER_OF_COMPLETED_SUBOPERATIONS, NUMBER_OF_FAILED_SUBOPERATIONS,
          NUMBER_OF_WARNING_SUBOPERATIONS, MOVE_ORIGINATOR_MESSAGE_ID -> Kind.US;
      case MOVE_DESTINATION, MOVE_ORIGINATOR_AE_TITLE -> Kind.AE;
      case ERROR_COMMENT -> Kind.LO;
      case OFFENDING_ELEMENT -> Kind.AT;
      default -> Kind.OTHER;
    };
  }
}
