package dev.lightbox.dicom.net.pdu;

/**
 * A-ASSOCIATE-RJ (PS3.8 §9.3.4, Table 9-21): result, source and reason. Reason values depend on
 * the source, hence the constants below are grouped by source.
 */
public record AssociateReject(int result, int source, int reason) implements Pdu {
  public static final int RESULT_REJECTED_PERMANENT = 1;
  public static final int RESULT_REJECTED_TRANSIENT = 2;

  public static final int SOURCE_SERVICE_USER = 1;
  public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
  public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

  /** Source 1 (service user). */
  public static final int USER_NO_REASON = 1;
  public static final int USER_APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
  public static final int USER_CALLING_AE_NOT_RECOGNIZED = 3;
  public static final int USER_CALLED_AE_NOT_RECOGNIZED = 7;
  /** Source 2 (service provider, ACSE related). */
  public static final int ACSE_NO_REASON = 1;
  public static final int ACSE_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
  /** Source 3 (service provider, presentation related). */
  public static final int PRESENTATION_TEMPORARY_CONGESTION = 1;
  public static final int PRESENTATION_LOCAL_LIMIT_EXCEEDED = 2;

  @Override
  public int type() {
    return PduType.A_ASSOCIATE_RJ;
  }

  @Override
  public String toString() {
    return "A-ASSOCIATE-RJ(result " + result + ", source " + source + ", reason " + reason + ")";
  }
}
