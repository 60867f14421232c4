package dev.lightbox.dicom.net;

/**
 * The states of the DICOM upper layer state machine (PS3.8 §9.2, Table 9-10) that this
 * implementation passes through. Sta2 (acceptor, waiting for A-ASSOCIATE-RQ under ARTIM), Sta4
 * (requestor connecting) and Sta5 (requestor waiting for A-ASSOCIATE-AC/RJ under ARTIM) happen
 * inside {@link DimseServer} and {@link DimseClient} before an {@link Association} exists; an
 * association starts in Sta6. Release collisions (Sta9–Sta12) are answered from Sta7.
 */
public enum AssociationState {
  /** Sta1: idle, the connection is closed. */
  STA1_IDLE,
  /** Sta6: established, ready for P-DATA. */
  STA6_ESTABLISHED,
  /** Sta7: this end sent A-RELEASE-RQ and awaits A-RELEASE-RP. */
  STA7_AWAITING_RELEASE_RP,
  /** Sta8: the peer sent A-RELEASE-RQ; this end finishes its operation before answering. */
  STA8_AWAITING_LOCAL_RELEASE_RESPONSE,
  /** Sta13: this end answered release, reject or abort and awaits the close (ARTIM). */
  STA13_AWAITING_CLOSE
}
