package dev.lightbox.dicom.net.dimse;

/**
 * Builds the DIMSE-C command sets of PS3.7 §9.3 with their required fields: requests carry a
 * Message ID, responses the Message ID Being Responded To and the Affected SOP Class UID of the
 * request.
 */
public final class Commands {
  /** Priority (0000,0700): MEDIUM = 0000H (PS3.7 §9.1.1.1). */
  public static final int PRIORITY_MEDIUM = 0x0000;

  private Commands() {}

  public static Command echo(int messageId) {
    return Command.builder().field(CommandField.C_ECHO_RQ).us(CommandTag.MESSAGE_ID, messageId)
        .string(CommandTag.AFFECTED_SOP_CLASS_UID, "1.2.840.10008.1.1").dataSet(false).build();
  }

  /** C-STORE-RQ (PS3.7 §9.3.1.1); the move originator fields only for C-MOVE sub-operations. */
  public static Command store(int messageId, String sopClass, String sopInstance,
      String moveOriginatorAe, int moveOriginatorMessageId) {
    Command.Builder b = Command.builder().field(CommandField.C_STORE_RQ)
        .us(CommandTag.MESSAGE_ID, messageId)
        .string(CommandTag.AFFECTED_SOP_CLASS_UID, sopClass)
        .string(CommandTag.AFFECTED_SOP_INSTANCE_UID, sopInstance)
        .us(CommandTag.PRIORITY, PRIORITY_MEDIUM).dataSet(true);
    if (moveOriginatorAe != null && !moveOriginatorAe.isEmpty()) {
      b.string(CommandTag.MOVE_ORIGINATOR_AE_TITLE, moveOriginatorAe)
          .us(CommandTag.MOVE_ORIGINATOR_MESSAGE_ID, moveOriginatorMessageId);
    }
    return b.build();
  }

  /** C-FIND-RQ or C-GET-RQ (PS3.7 §9.3.2.1, §9.3.3.1): an identifier follows. */
  public static Command query(int field, int messageId, String sopClass) {
    return Command.builder().field(field).us(CommandTag.MESSAGE_ID, messageId)
        .string(CommandTag.AFFECTED_SOP_CLASS_UID, sopClass)
        .us(CommandTag.PRIORITY, PRIORITY_MEDIUM).dataSet(true).build();
  }

  /** C-MOVE-RQ (PS3.7 §9.3.4.1). */
  public static Command move(int messageId, String sopClass, String destination) {
    return Command.builder().field(CommandField.C_MOVE_RQ).us(CommandTag.MESSAGE_ID, messageId)
        .string(CommandTag.AFFECTED_SOP_CLASS_UID, sopClass)
        .us(CommandTag.PRIORITY, PRIORITY_MEDIUM)
        .string(CommandTag.MOVE_DESTINATION, destination).dataSet(true).build();
  }

  /** C-CANCEL-RQ (PS3.7 §9.3.2.3): names the request to cancel. */
  public static Command cancel(int messageIdBeingRespondedTo) {
    return Command.builder().field(CommandField.C_CANCEL_RQ)
        .us(CommandTag.MESSAGE_ID_BEING_RESPONDED_TO, messageIdBeingRespondedTo)
        .dataSet(false).build();
  }

  /**
   * The response to {@code request}: same Affected SOP Class (and Instance, for C-STORE), the
   * request's Message ID as Message ID Being Responded To, and {@code status}.
   */
  public static Command response(Command request, Status status, boolean dataSet) {
    return responseBuilder(request, status, dataSet).build();
  }

  public static Command.Builder responseBuilder(Command request, Status status,
      boolean dataSet) {
    Command.Builder b = Command.builder()
        .field(CommandField.responseTo(request.field()))
        .us(CommandTag.MESSAGE_ID_BEING_RESPONDED_TO, Math.max(0, request.messageId()))
        .status(status).dataSet(dataSet);
    request.string(CommandTag.AFFECTED_SOP_CLASS_UID)
        .ifPresent(uid -> b.string(CommandTag.AFFECTED_SOP_CLASS_UID, uid));
    if (request.field() == CommandField.C_STORE_RQ) {
      request.string(CommandTag.AFFECTED_SOP_INSTANCE_UID)
          .ifPresent(uid -> b.string(CommandTag.AFFECTED_SOP_INSTANCE_UID, uid));
    }
    return b;
  }

  /** Adds the sub-operation counts of a C-MOVE/C-GET response (PS3.7 §9.3.3.2, §9.3.4.2). */
  public static Command.Builder withCounts(Command.Builder b, SubOperationCounts counts,
      boolean includeRemaining) {
    if (includeRemaining) {
      b.us(CommandTag.NUMBER_OF_REMAINING_SUBOPERATIONS, clamp(counts.remaining()));
    }
    return b.us(CommandTag.NUMBER_OF_COMPLETED_SUBOPERATIONS, clamp(counts.completed()))
        .us(CommandTag.NUMBER_OF_FAILED_SUBOPERATIONS, clamp(counts.failed()))
        .us(CommandTag.NUMBER_OF_WARNING_SUBOPERATIONS, clamp(counts.warning()));
  }

  private static int clamp(int n) {
    return Math.max(0, Math.min(0xFFFF, n));
  }
}
