package dev.lightbox.dicom.net;

/** SOP class and transfer syntax UIDs the network layer refers to by name (PS3.6 Annex A). */
public final class Uids {
  public static final String VERIFICATION = "1.2.840.10008.1.1";
  public static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
  public static final String PATIENT_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.1.2";
  public static final String PATIENT_ROOT_GET = "1.2.840.10008.5.1.4.1.2.1.3";
  public static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
  public static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
  public static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";

  public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
  public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

  private Uids() {}
}
