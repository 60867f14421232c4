package dev.lightbox.dicom.net;

/**
 * This implementation's identity in A-ASSOCIATE user information and File Meta Information
 * (PS3.7 D.3.3.2, D.3.3.3; PS3.10 §7.1). The class UID is a UUID-derived UID (PS3.5 §B.2).
 */
public final class Implementation {
  public static final String CLASS_UID = "2.25.196650628672777717367865008417563356348";
  /** At most 16 characters (PS3.7 D.3.3.2.3). */
  public static final String VERSION_NAME = "LIGHTBOX_010";

  private Implementation() {}
}
