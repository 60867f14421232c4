package dev.lightbox.dicom.net.scu;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.net.AcceptedContext;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseResponse;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.service.RetrievableInstance;
import java.io.IOException;
import java.io.InputStream;

/**
 * Storage SCU (PS3.4 Annex B): sends an instance as stored, over an accepted context for its SOP
 * class in its own transfer syntax. Transcoding for peers that do not accept the stored syntax is
 * not done here.
 */
public final class StoreScu {
  private StoreScu() {}

  /**
   * Sends one instance and returns the C-STORE-RSP status.
   *
   * @throws NoPresentationContextException when no accepted context fits
   */
  public static Status store(Association association, RetrievableInstance instance,
      String moveOriginatorAe, int moveOriginatorMessageId) throws IOException {
    AcceptedContext context = association.context(instance.sopClassUid(),
        instance.transferSyntaxUid()).orElseThrow(() -> new NoPresentationContextException(
            "no accepted presentation context for " + instance.sopClassUid() + " in "
                + instance.transferSyntaxUid()));
    boolean deflated = TransferSyntax.of(instance.transferSyntaxUid()).deflated();
    try (InputStream data = instance.openDataset()) {
      Association.Responses responses = association.invoke(context.id(),
          Commands.store(association.nextMessageId(), instance.sopClassUid(),
              instance.sopInstanceUid(), moveOriginatorAe, moveOriginatorMessageId),
          out -> {
            long n = data.transferTo(out);
            if (deflated && (n & 1) == 1) {
              // A deflated stream is padded to even length with one NUL (PS3.5 §A.5); some
              // writers omit it in files, and peers refuse odd fragments.
              out.write(0);
            }
          });
      DimseResponse response = responses.next();
      return response.status();
    }
  }

  /** As {@link #store}, but every failure becomes a failure status (for sub-operations). */
  public static Status storeQuietly(Association association, RetrievableInstance instance,
      String moveOriginatorAe, int moveOriginatorMessageId) {
    try {
      return store(association, instance, moveOriginatorAe, moveOriginatorMessageId);
    } catch (NoPresentationContextException e) {
      return Status.of(Status.REFUSED_SOP_CLASS_NOT_SUPPORTED, e.getMessage());
    } catch (IOException e) {
      return Status.of(Status.OUT_OF_RESOURCES, "C-STORE failed: " + e.getMessage());
    }
  }
}
