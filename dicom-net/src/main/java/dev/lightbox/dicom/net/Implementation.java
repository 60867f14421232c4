package dev.lightbox.dicom.net;

import dev.lightbox.dicom.write.FileMetaInformation;

/**
 * This implementation's identity in A-ASSOCIATE user information and File Meta Information
 * (PS3.7 D.3.3.2, D.3.3.3; PS3.10 §7.1): the same one dicom-core's writer puts in files.
 */
public final class Implementation {
  public static final String CLASS_UID = FileMetaInformation.IMPLEMENTATION_CLASS_UID;
  /** At most 16 characters (PS3.7 D.3.3.2.3). */
  public static final String VERSION_NAME = FileMetaInformation.IMPLEMENTATION_VERSION_NAME;

  private Implementation() {}
}
