package dev.lightbox.dicom.net;

import dev.lightbox.dicom.io.DicomParseException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than {@code limit} bytes were read, so a data set cannot grow without bound. */
final class BoundedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws IOException {
    count += n;
    if (count > limit) {
      throw new DicomParseException(DicomParseException.Reason.LIMIT_EXCEEDED, "", limit,
          "data set longer than the limit of " + limit + " bytes");
    }
  }
}
