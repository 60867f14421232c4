package dev.lightbox.service.metadata;

import dev.lightbox.dicom.io.DicomParseException;
import java.io.IOException;
import java.io.StringWriter;

/**
 * A string writer that refuses to grow past a number of characters, so a header with many
 * elements cannot build a metadata document larger than every later query can afford to stream.
 */
final class BoundedStringWriter extends StringWriter {
  private final long maxChars;
  private long written;

  BoundedStringWriter(long maxChars) {
    this.maxChars = maxChars;
  }

  @Override
  public void write(int c) {
    grow(1);
    super.write(c);
  }

  @Override
  public void write(char[] cbuf, int off, int len) {
    grow(len);
    super.write(cbuf, off, len);
  }

  @Override
  public void write(String str, int off, int len) {
    grow(len);
    super.write(str, off, len);
  }

  @Override
  public void write(String str) {
    write(str, 0, str.length());
  }

  private void grow(long n) {
    written += n;
    if (written > maxChars) {
      throw new TooLong(new DicomParseException(DicomParseException.Reason.LIMIT_EXCEEDED, "", -1,
          "the header's metadata document exceeds " + maxChars + " characters of DICOM JSON"));
    }
  }

  /** Carries the refusal through Writer methods that cannot throw IOException. */
  static final class TooLong extends RuntimeException {
    TooLong(DicomParseException cause) {
      super(cause);
    }

    DicomParseException refusal() {
      return (DicomParseException) getCause();
    }
  }
}
