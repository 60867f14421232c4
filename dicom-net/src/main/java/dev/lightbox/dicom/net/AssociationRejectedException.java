package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.AssociateReject;
import java.io.IOException;

/** The acceptor answered A-ASSOCIATE-RJ (PS3.8 §9.3.4); the reject carries result/source/reason. */
public final class AssociationRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient AssociateReject reject;

  public AssociationRejectedException(AssociateReject reject) {
    super("association rejected: " + reject);
    this.reject = reject;
  }

  public AssociateReject reject() {
    return reject;
  }
}
