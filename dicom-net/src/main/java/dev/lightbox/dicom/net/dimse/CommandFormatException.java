package dev.lightbox.dicom.net.dimse;

import dev.lightbox.dicom.data.Tag;
import java.io.IOException;

/** A command set (PS3.7 §6.3, §E) that cannot be decoded, naming the element and byte offset. */
public final class CommandFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int tag;
  private final long offset;

  public CommandFormatException(int tag, long offset, String detail) {
    super("Command set: " + detail + " at " + Tag.toString(tag) + " @ offset " + offset);
    this.tag = tag;
    this.offset = offset;
  }

  public int tag() {
    return tag;
  }

  public long offset() {
    return offset;
  }
}
