package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.Abort;
import java.io.IOException;

/**
 * The association ended abnormally: the peer sent A-ABORT, this end aborted it (protocol error,
 * timeout, application request) or the connection closed. Readers of a C-STORE data stream see
 * this exception and must discard what they received.
 */
public final class AssociationAbortedException extends IOException {
  private static final long serialVersionUID = 1L;

  public AssociationAbortedException(String message) {
    super(message);
  }

  public AssociationAbortedException(String message, Throwable cause) {
    super(message, cause);
  }

  public static AssociationAbortedException byPeer(Abort abort) {
    return new AssociationAbortedException("association aborted by peer: " + abort);
  }
}
