package dev.lightbox.dicom.net.scu;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.net.AcceptedContext;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.DimseResponse;
import dev.lightbox.dicom.net.Uids;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.service.RetrievableInstance;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Storage SCU (PS3.4 Annex B): sends an instance as stored, over an accepted context for its SOP
 * class in its own transfer syntax; when the peer accepted none, and the instance offers one, in
 * Explicit VR Little Endian (the transfer syntax every SCP accepts for a SOP class it supports,
 * PS3.5 §10.1; the re-encoding is the instance's, see {@link RetrievableInstance#openExplicitLittle}).
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
    Optional<AcceptedContext> asStored = association.context(instance.sopClassUid(),
        instance.transferSyntaxUid());
    boolean fallback = asStored.isEmpty() && instance.canSendExplicitLittle();
    Optional<AcceptedContext> chosen = fallback ? association.context(instance.sopClassUid(),
        Uids.EXPLICIT_VR_LITTLE_ENDIAN) : asStored;
    AcceptedContext context = chosen.orElseThrow(() -> new NoPresentationContextException(
        "no accepted presentation context for " + instance.sopClassUid() + " in "
            + instance.transferSyntaxUid()
            + (instance.canSendExplicitLittle() ? " or " + Uids.EXPLICIT_VR_LITTLE_ENDIAN : "")));
    boolean deflated = !fallback && TransferSyntax.of(instance.transferSyntaxUid()).deflated();
    try (InputStream data = fallback ? instance.openExplicitLittle() : instance.openDataset()) {
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
