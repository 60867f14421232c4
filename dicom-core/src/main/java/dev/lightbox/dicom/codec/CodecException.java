package dev.lightbox.dicom.codec;

import java.io.IOException;

/**
 * A compressed pixel stream could not be decoded: truncated, corrupt, inconsistent with the DICOM
 * header, or above a configured limit. The message names the codec and the byte offset within the
 * stream where the problem was found.
 */
public class CodecException extends IOException {
  private final long offset;

  public CodecException(String codec, long offset, String message) {
    super(codec + ": " + message + " @ stream offset " + offset);
    this.offset = offset;
  }

  /** Byte offset within the compressed stream (the frame's concatenated fragments). */
  public long offset() {
    return offset;
  }
}
