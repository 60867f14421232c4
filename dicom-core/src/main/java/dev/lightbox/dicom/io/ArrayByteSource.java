package dev.lightbox.dicom.io;

import java.io.EOFException;

/** A {@link ByteSource} over a byte array (tests, small in-memory files). */
public final class ArrayByteSource implements ByteSource {
  private final byte[] bytes;
  private final int offset;
  private final int length;

  public ArrayByteSource(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /** The {@code length} bytes of {@code bytes} from {@code offset} on, as a source of their own. */
  public ArrayByteSource(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public void read(long position, byte[] dst, int offset, int length) throws EOFException {
    if (position < 0 || position + length > this.length) {
      throw new EOFException(
          "read of " + length + " bytes at " + position + " past end " + this.length);
    }
    System.arraycopy(bytes, this.offset + (int) position, dst, offset, length);
  }
}
