package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.CancelToken;
import dev.lightbox.dicom.net.IncomingMessage;
import dev.lightbox.dicom.net.dimse.Command;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.DatasetEncoder;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.dimse.SubOperationCounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The C-STORE sub-operations of a C-MOVE or C-GET (PS3.4 C.4.2.3, C.4.3.3): stores each instance
 * through a {@link Sender}, answers a pending response with the counts after each, stops on
 * C-CANCEL, and sends the final response:
 * <ul>
 *   <li>0000 when every sub-operation succeeded;</li>
 *   <li>B000 when some failed or gave a warning, with the Failed SOP Instance UID List;</li>
 *   <li>A702 when every sub-operation failed;</li>
 *   <li>FE00 on cancel, with the number remaining.</li>
 * </ul>
 */
final class SubOperations {
  /** Failed SOP Instance UID List (0008,0058). */
  static final int FAILED_SOP_INSTANCE_UID_LIST = 0x00080058;

  /** Stores one instance; returns the C-STORE status (a failure when it could not be sent). */
  interface Sender {
    Status store(RetrievableInstance instance) throws IOException;
  }

  private SubOperations() {}

  static void run(Association association, IncomingMessage request,
      List<? extends RetrievableInstance> instances, CancelToken cancel, Sender sender)
      throws IOException {
    int total = instances.size();
    int completed = 0;
    int failed = 0;
    int warning = 0;
    List<String> failedUids = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      if (cancel.cancelled()) {
        finish(association, request, Status.of(Status.CANCEL),
            new SubOperationCounts(total - i, completed, failed, warning), failedUids, true);
        return;
      }
      RetrievableInstance instance = instances.get(i);
      Status status = sender.store(instance);
      if (status.isSuccess()) {
        completed++;
      } else if (status.isWarning()) {
        warning++;
      } else {
        failed++;
        failedUids.add(instance.sopInstanceUid());
      }
      if (i + 1 < total) {
        SubOperationCounts counts = new SubOperationCounts(total - i - 1, completed, failed,
            warning);
        association.send(request.context().id(), Commands.withCounts(
            Commands.responseBuilder(request.command(), Status.of(Status.PENDING), false),
            counts, true).build(), null);
      }
    }
    Status finalStatus;
    if (failed == 0 && warning == 0) {
      finalStatus = Status.OK;
    } else if (completed == 0 && warning == 0) {
      finalStatus = Status.of(Status.OUT_OF_RESOURCES_SUB_OPERATIONS,
          "all " + failed + " sub-operations failed");
    } else {
      finalStatus = Status.of(Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES);
    }
    finish(association, request, finalStatus, new SubOperationCounts(0, completed, failed,
        warning), failedUids, false);
  }

  /** Final response; counts as PS3.7 §9.3.4.2 (remaining only after a cancel). */
  static void finish(Association association, IncomingMessage request, Status status,
      SubOperationCounts counts, List<String> failedUids, boolean includeRemaining)
      throws IOException {
    boolean identifier = !failedUids.isEmpty();
    Command.Builder b = Commands.withCounts(
        Commands.responseBuilder(request.command(), status, identifier), counts,
        includeRemaining);
    if (!identifier) {
      association.send(request.context().id(), b.build(), null);
      return;
    }
    Dataset list = new DatasetBuilder().addString(FAILED_SOP_INSTANCE_UID_LIST, Vr.UI,
        String.join("\\", failedUids)).build();
    byte[] bytes = DatasetEncoder.encode(list, request.context().transferSyntax());
    association.send(request.context().id(), b.build(), out -> out.write(bytes));
  }
}
