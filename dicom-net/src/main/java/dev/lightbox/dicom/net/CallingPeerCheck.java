package dev.lightbox.dicom.net;

import java.net.InetAddress;

/**
 * Whether a requestor may associate, judged on its calling AE title and the TCP address it
 * connected from. A refusal is answered A-ASSOCIATE-RJ rejected-permanent, service-user,
 * calling-AE-title-not-recognized (PS3.8 §9.3.4, Table 9-21: result 1, source 1, reason 3).
 */
@FunctionalInterface
public interface CallingPeerCheck {
  /** Every requestor may associate. */
  CallingPeerCheck ANY = (ae, address) -> true;

  /**
   * @param callingAeTitle the Calling AE Title of the A-ASSOCIATE-RQ, without padding
   * @param address the remote address of the TCP connection the request came on
   */
  boolean allows(String callingAeTitle, InetAddress address);
}
