package dev.lightbox.dicom.net.dimse;

/** Sub-operation counters of C-MOVE and C-GET responses (PS3.7 §9.1.3, §9.1.4). */
public record SubOperationCounts(int remaining, int completed, int failed, int warning) {
  public static SubOperationCounts of(Command response) {
    return new SubOperationCounts(
        response.us(CommandTag.NUMBER_OF_REMAINING_SUBOPERATIONS).orElse(0),
        response.us(CommandTag.NUMBER_OF_COMPLETED_SUBOPERATIONS).orElse(0),
        response.us(CommandTag.NUMBER_OF_FAILED_SUBOPERATIONS).orElse(0),
        response.us(CommandTag.NUMBER_OF_WARNING_SUBOPERATIONS).orElse(0));
  }
}
