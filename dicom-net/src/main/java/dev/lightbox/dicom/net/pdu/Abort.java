package dev.lightbox.dicom.net.pdu;

/**
 * A-ABORT (PS3.8 §9.3.8, Table 9-26). {@code source} 0 is the service user, 2 the service provider
 * (1 is reserved); {@code reason} is meaningful only when the provider aborts.
 */
public record Abort(int source, int reason) implements Pdu {
  public static final int SOURCE_SERVICE_USER = 0;
  public static final int SOURCE_SERVICE_PROVIDER = 2;

  public static final int REASON_NOT_SPECIFIED = 0;
  public static final int REASON_UNRECOGNIZED_PDU = 1;
  public static final int REASON_UNEXPECTED_PDU = 2;
  public static final int REASON_UNRECOGNIZED_PDU_PARAMETER = 4;
  public static final int REASON_UNEXPECTED_PDU_PARAMETER = 5;
  public static final int REASON_INVALID_PDU_PARAMETER_VALUE = 6;

  /** An abort by the service user (the application), reason not significant. */
  public static Abort byUser() {
    return new Abort(SOURCE_SERVICE_USER, REASON_NOT_SPECIFIED);
  }

  /** An abort by the service provider (this upper layer) for a protocol error. */
  public static Abort byProvider(int reason) {
    return new Abort(SOURCE_SERVICE_PROVIDER, reason);
  }

  @Override
  public int type() {
    return PduType.A_ABORT;
  }

  @Override
  public String toString() {
    return "A-ABORT(source " + source + ", reason " + reason + ")";
  }
}
