package dev.lightbox.dicom.net.pdu;

/** The seven PDU types of the DICOM upper layer (PS3.8 §9.3.1, Table 9-11). */
public final class PduType {
  public static final int A_ASSOCIATE_RQ = 0x01;
  public static final int A_ASSOCIATE_AC = 0x02;
  public static final int A_ASSOCIATE_RJ = 0x03;
  public static final int P_DATA_TF = 0x04;
  public static final int A_RELEASE_RQ = 0x05;
  public static final int A_RELEASE_RP = 0x06;
  public static final int A_ABORT = 0x07;

  private PduType() {}

  /** The standard's name of {@code type}, or {@code "unknown PDU type 0xNN"}. */
  public static String name(int type) {
    return switch (type) {
      case A_ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
      case A_ASSOCIATE_AC -> "A-ASSOCIATE-AC";
      case A_ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
      case P_DATA_TF -> "P-DATA-TF";
      case A_RELEASE_RQ -> "A-RELEASE-RQ";
      case A_RELEASE_RP -> "A-RELEASE-RP";
      case A_ABORT -> "A-ABORT";
      default -> String.format("unknown PDU type 0x%02X", type & 0xFF);
    };
  }
}
