package dev.lightbox.dicom.net.pdu;

/** A-RELEASE-RQ (PS3.8 §9.3.6): four reserved bytes, no parameters. */
public record ReleaseRequest() implements Pdu {
  public static final ReleaseRequest INSTANCE = new ReleaseRequest();

  @Override
  public int type() {
    return PduType.A_RELEASE_RQ;
  }
}
