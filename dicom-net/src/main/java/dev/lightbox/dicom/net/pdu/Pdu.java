package dev.lightbox.dicom.net.pdu;

/** One protocol data unit of the DICOM upper layer (PS3.8 §9.3). */
public sealed interface Pdu permits AssociateRequest, AssociateAccept, AssociateReject, PDataTf,
    ReleaseRequest, ReleaseResponse, Abort {
  /** The PDU type byte (see {@link PduType}). */
  int type();
}
