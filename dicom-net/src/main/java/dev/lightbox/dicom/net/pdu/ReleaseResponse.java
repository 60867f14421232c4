package dev.lightbox.dicom.net.pdu;

/** A-RELEASE-RP (PS3.8 §9.3.7): four reserved bytes, no parameters. */
public record ReleaseResponse() implements Pdu {
  public static final ReleaseResponse INSTANCE = new ReleaseResponse();

  @Override
  public int type() {
    return PduType.A_RELEASE_RP;
  }
}
