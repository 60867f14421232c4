package dev.lightbox.dicom.net.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-RQ (PS3.8 §9.3.2): protocol version, called and calling AE titles (16 bytes each,
 * space padded), the application context name, the proposed presentation contexts and the user
 * information.
 */
public record AssociateRequest(int protocolVersion, String calledAeTitle, String callingAeTitle,
    String applicationContext, List<PresentationContext> presentationContexts,
    UserInformation userInformation) implements Pdu {
  /** The DICOM Application Context Name (PS3.7 Annex A.2.1). */
  public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

  public AssociateRequest {
    presentationContexts = List.copyOf(presentationContexts);
  }

  @Override
  public int type() {
    return PduType.A_ASSOCIATE_RQ;
  }
}
