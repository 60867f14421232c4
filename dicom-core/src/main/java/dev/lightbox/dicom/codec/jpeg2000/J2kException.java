package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/** A JPEG 2000 codestream error naming the marker segment (ISO/IEC 15444-1 Annex A) at fault. */
final class J2kException {
  private J2kException() {}

  static final String CODEC = "JPEG 2000";

  static CodecException at(String marker, long offset, String message) {
    return new CodecException(CODEC, offset, marker + ": " + message);
  }
}
