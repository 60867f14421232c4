package dev.lightbox.dicom.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Random access to the bytes a dataset was parsed from, so that {@link
 * dev.lightbox.dicom.data.BulkDataRef}s and fragments can be read later without holding the file in
 * memory. Implementations are safe for concurrent positional reads.
 */
public interface ByteSource extends Closeable {
  /** Total length in bytes. */
  long length() throws IOException;

  /**
   * Reads exactly {@code length} bytes at {@code position} into {@code dst}.
   *
   * @throws java.io.EOFException when the source ends first
   */
  void read(long position, byte[] dst, int offset, int length) throws IOException;

  /** A stream over {@code length} bytes starting at {@code position}. */
  default InputStream openStream(long position, long length) throws IOException {
    return new ByteSourceInputStream(this, position, length);
  }

  /** Convenience: a fresh array with {@code length} bytes at {@code position}. */
  default byte[] readBytes(long position, int length) throws IOException {
    byte[] out = new byte[length];
    read(position, out, 0, length);
    return out;
  }

  @Override
  default void close() throws IOException {}
}
