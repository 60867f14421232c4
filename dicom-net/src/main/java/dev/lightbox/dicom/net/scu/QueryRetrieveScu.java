package dev.lightbox.dicom.net.scu;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.net.AcceptedContext;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseResponse;
import dev.lightbox.dicom.net.dimse.CommandField;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.DatasetEncoder;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.dimse.SubOperationCounts;
import dev.lightbox.dicom.net.Uids;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Verification and Query/Retrieve as SCU (PS3.4 Annex A, C.4): C-ECHO, C-FIND, C-MOVE and C-GET
 * over an open association. For C-GET the association must have been opened with storage contexts,
 * SCP role selection and a storage service to receive the C-STOREs.
 */
public final class QueryRetrieveScu {
  private QueryRetrieveScu() {}

  /** The outcome of a C-MOVE or C-GET: final status, final counts, failed instance list if any. */
  public record RetrieveResult(Status status, SubOperationCounts counts, Dataset identifier) {}

  public static Status echo(Association association) throws IOException {
    AcceptedContext context = require(association, Uids.VERIFICATION);
    return association.invoke(context.id(), Commands.echo(association.nextMessageId()), null)
        .next().status();
  }

  /**
   * C-FIND: {@code onMatch} gets each pending response's identifier; returning false sends
   * C-CANCEL (the SCP then answers FE00). Returns the final status.
   */
  public static Status find(Association association, String sopClass, Dataset identifier,
      Predicate<Dataset> onMatch) throws IOException {
    AcceptedContext context = require(association, sopClass);
    byte[] keys = DatasetEncoder.encode(identifier, context.transferSyntax());
    Association.Responses responses = association.invoke(context.id(),
        Commands.query(CommandField.C_FIND_RQ, association.nextMessageId(), sopClass),
        out -> out.write(keys));
    boolean cancelled = false;
    while (true) {
      DimseResponse r = responses.next();
      if (!r.status().isPending()) {
        return r.status();
      }
      if (!cancelled && !onMatch.test(r.dataset())) {
        cancelled = true;
        responses.cancel(context.id());
      }
    }
  }

  /** C-MOVE to {@code destination}; {@code onPending} sees the counts of each pending response. */
  public static RetrieveResult move(Association association, String sopClass, Dataset identifier,
      String destination, Consumer<SubOperationCounts> onPending) throws IOException {
    AcceptedContext context = require(association, sopClass);
    byte[] keys = DatasetEncoder.encode(identifier, context.transferSyntax());
    return retrieve(association.invoke(context.id(),
        Commands.move(association.nextMessageId(), sopClass, destination),
        out -> out.write(keys)), onPending);
  }

  /** C-GET; the instances arrive as C-STOREs handled by the association's storage service. */
  public static RetrieveResult get(Association association, String sopClass, Dataset identifier,
      Consumer<SubOperationCounts> onPending) throws IOException {
    AcceptedContext context = require(association, sopClass);
    byte[] keys = DatasetEncoder.encode(identifier, context.transferSyntax());
    return retrieve(association.invoke(context.id(),
        Commands.query(CommandField.C_GET_RQ, association.nextMessageId(), sopClass),
        out -> out.write(keys)), onPending);
  }

  private static RetrieveResult retrieve(Association.Responses responses,
      Consumer<SubOperationCounts> onPending) throws IOException {
    while (true) {
      DimseResponse r = responses.next();
      SubOperationCounts counts = SubOperationCounts.of(r.command());
      if (!r.status().isPending()) {
        return new RetrieveResult(r.status(), counts, r.dataset());
      }
      onPending.accept(counts);
    }
  }

  private static AcceptedContext require(Association association, String sopClass)
      throws NoPresentationContextException {
    return association.context(sopClass).orElseThrow(() -> new NoPresentationContextException(
        "no accepted presentation context for " + sopClass));
  }
}
