package dev.lightbox.dicom.io;

import java.io.EOFException;

/** A {@link ByteSource} over a byte array (tests, small in-memory files). */
public final class ArrayByteSource implements ByteSource {
  private final byte[] bytes;

  public ArrayByteSource(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public void read(long position, byte[] dst, int offset, int length) throws EOFException {
    if (position < 0 || position + length > bytes.length) {
      throw new EOFException(
          "read of " + length + " bytes at " + position + " past end " + bytes.length);
    }
    System.arraycopy(bytes, (int) position, dst, offset, length);
  }
}
