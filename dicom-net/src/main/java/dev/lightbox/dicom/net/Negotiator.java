package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.AssociateAccept;
import dev.lightbox.dicom.net.pdu.AssociateReject;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PresentationContext;
import dev.lightbox.dicom.net.pdu.PresentationContextResult;
import dev.lightbox.dicom.net.pdu.RoleSelection;
import dev.lightbox.dicom.net.pdu.UserInformation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The acceptor's answer to an A-ASSOCIATE-RQ (PS3.8 §7.1.1): A-ASSOCIATE-RJ for an unsupported
 * protocol version or application context, an unknown called AE or a calling AE not allowed, or
 * when no presentation context is acceptable; otherwise A-ASSOCIATE-AC with one result per
 * proposed context, the accepted SCP/SCU roles and this end's user information.
 */
final class Negotiator {
  private final AcceptorConfig config;

  Negotiator(AcceptorConfig config) {
    this.config = config;
  }

  /** @param from the remote address of the connection the request came on */
  Pdu answer(AssociateRequest rq, InetAddress from) {
    if ((rq.protocolVersion() & 1) == 0) {
      return new AssociateReject(AssociateReject.RESULT_REJECTED_PERMANENT,
          AssociateReject.SOURCE_SERVICE_PROVIDER_ACSE,
          AssociateReject.ACSE_PROTOCOL_VERSION_NOT_SUPPORTED);
    }
    if (!AssociateRequest.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
      return userReject(AssociateReject.USER_APPLICATION_CONTEXT_NOT_SUPPORTED);
    }
    if (!config.aeTitle().equals(rq.calledAeTitle())) {
      return userReject(AssociateReject.USER_CALLED_AE_NOT_RECOGNIZED);
    }
    if (!AeTitles.isValid(rq.callingAeTitle())
        || !config.callingPeerAllowed().allows(rq.callingAeTitle(), from)) {
      return userReject(AssociateReject.USER_CALLING_AE_NOT_RECOGNIZED);
    }
    List<PresentationContextResult> results = new ArrayList<>();
    boolean any = false;
    for (PresentationContext pc : rq.presentationContexts()) {
      PresentationContextResult r = config.policy().negotiate(pc);
      any |= r.accepted();
      results.add(r);
    }
    if (!any) {
      return userReject(AssociateReject.USER_NO_REASON);
    }
    List<RoleSelection> roles = new ArrayList<>();
    for (RoleSelection proposed : rq.userInformation().roleSelections()) {
      if (config.policy().supports(proposed.sopClassUid())) {
        // Both roles as proposed: the requestor may be SCU, and SCP for C-GET's C-STOREs.
        roles.add(proposed);
      }
    }
    UserInformation ours = new UserInformation(config.options().maxReceivePduLength(),
        Implementation.CLASS_UID, Implementation.VERSION_NAME,
        rq.userInformation().hasAsyncWindow() ? 1 : 0,
        rq.userInformation().hasAsyncWindow() ? 1 : 0, roles);
    return new AssociateAccept(1, rq.calledAeTitle(), rq.callingAeTitle(),
        AssociateRequest.DICOM_APPLICATION_CONTEXT, results, ours);
  }

  private static AssociateReject userReject(int reason) {
    return new AssociateReject(AssociateReject.RESULT_REJECTED_PERMANENT,
        AssociateReject.SOURCE_SERVICE_USER, reason);
  }
}
