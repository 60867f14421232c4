package dev.lightbox.dicom.io;

import java.io.IOException;
import java.io.InputStream;

/** A bounded sequential view of a {@link ByteSource}. */
final class ByteSourceInputStream extends InputStream {
  private final ByteSource source;
  private long position;
  private final long end;

  ByteSourceInputStream(ByteSource source, long position, long length) {
    this.source = source;
    this.position = position;
    this.end = position + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position >= end) {
      return -1;
    }
    int n = (int) Math.min(len, end - position);
    source.read(position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }
}
