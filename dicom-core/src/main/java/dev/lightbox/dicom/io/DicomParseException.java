package dev.lightbox.dicom.io;

import java.io.IOException;

/**
 * The input is not DICOM the reader can accept. The message always names the tag path (when inside
 * the dataset) and the byte offset, and for length problems both numbers, e.g. {@code Length
 * 4294967280 of (7FE0,0010) @ 1234 exceeds remaining 500 bytes}.
 */
public class DicomParseException extends IOException {
  /** Coarse classification so callers (HTTP, CLI) can choose a status without parsing messages. */
  public enum Reason {
    /** No DICM prefix and no plausible dataset start, or empty input. */
    NOT_DICOM,
    /** The input ended inside an element, item or sequence. */
    TRUNCATED,
    /** A declared length is impossible: past the end, or past its enclosing item or sequence. */
    BAD_LENGTH,
    /** A configured ceiling was hit: value length, nesting depth, inflated size. */
    LIMIT_EXCEEDED,
    /** Anything else malformed: bad VR, unexpected delimiter, corrupt deflate stream. */
    MALFORMED
  }

  private final Reason reason;
  private final String tagPath;
  private final long offset;

  public DicomParseException(Reason reason, String tagPath, long offset, String message) {
    super(message + (tagPath.isEmpty() ? "" : " in " + tagPath) + " @ offset " + offset);
    this.reason = reason;
    this.tagPath = tagPath;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  /** Path of the element being read, e.g. {@code (0008,1140)/0/(0008,1155)}; empty at file level. */
  public String tagPath() {
    return tagPath;
  }

  /** Byte offset in the source where the problem was found. */
  public long offset() {
    return offset;
  }
}
