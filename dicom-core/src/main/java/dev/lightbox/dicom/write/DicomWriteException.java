package dev.lightbox.dicom.write;

import java.io.IOException;

/**
 * A dataset that cannot be written in the requested encoding, e.g. encapsulated pixel data in a
 * native transfer syntax (which would need decoding). The message names the tag path.
 */
public final class DicomWriteException extends IOException {
  private final String tagPath;

  public DicomWriteException(String reason, String tagPath) {
    super(reason + (tagPath.isEmpty() ? "" : " in " + tagPath));
    this.tagPath = tagPath;
  }

  /** The path of the element that could not be written, e.g. {@code (7FE0,0010)}. */
  public String tagPath() {
    return tagPath;
  }
}
