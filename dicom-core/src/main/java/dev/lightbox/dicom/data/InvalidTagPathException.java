package dev.lightbox.dicom.data;

/** A tag path that cannot be parsed; the message says what was wrong and lists accepted forms. */
public class InvalidTagPathException extends IllegalArgumentException {
  public static final String ACCEPTED_FORMS =
      "accepted forms: 00100010, (0010,0010), 0010,0010, 0x00100010, a keyword such as "
          + "PatientName, and sequence paths such as ReferencedImageSequence/0/"
          + "ReferencedSOPInstanceUID or 00081140/0/00081155";

  public InvalidTagPathException(String path, String problem) {
    super("Invalid tag path '" + path + "': " + problem + "; " + ACCEPTED_FORMS);
  }
}
