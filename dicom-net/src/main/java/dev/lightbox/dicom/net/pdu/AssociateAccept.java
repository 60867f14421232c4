package dev.lightbox.dicom.net.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-AC (PS3.8 §9.3.3): the acceptor's answer, one result per proposed presentation
 * context and its own user information. The AE title fields echo the request and are not tested.
 */
public record AssociateAccept(int protocolVersion, String calledAeTitle, String callingAeTitle,
    String applicationContext, List<PresentationContextResult> results,
    UserInformation userInformation) implements Pdu {
  public AssociateAccept {
    results = List.copyOf(results);
  }

  @Override
  public int type() {
    return PduType.A_ASSOCIATE_AC;
  }
}
