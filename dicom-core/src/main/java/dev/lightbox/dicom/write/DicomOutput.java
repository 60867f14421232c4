package dev.lightbox.dicom.write;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Buffered output of element headers and values in either byte order. One fixed buffer; values
 * larger than it are passed through in slices, so memory does not grow with the data written.
 */
final class DicomOutput {
  static final int BUFFER_SIZE = 64 * 1024;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int used;
  private boolean bigEndian;

  DicomOutput(OutputStream out) {
    this.out = out;
  }

  void bigEndian(boolean bigEndian) {
    this.bigEndian = bigEndian;
  }

  void u16(int v) throws IOException {
    room(2);
    if (bigEndian) {
      buffer[used++] = (byte) (v >>> 8);
      buffer[used++] = (byte) v;
    } else {
      buffer[used++] = (byte) v;
      buffer[used++] = (byte) (v >>> 8);
    }
  }

  void u32(long v) throws IOException {
    if (bigEndian) {
      u16((int) (v >>> 16));
      u16((int) v);
    } else {
      u16((int) v);
      u16((int) (v >>> 16));
    }
  }

  /** A tag as group then element, each in the current byte order (PS3.5 §7.1). */
  void tag(int tag) throws IOException {
    u16(tag >>> 16);
    u16(tag & 0xFFFF);
  }

  /** Two ASCII characters of an explicit VR (byte order independent). */
  void vr(int code) throws IOException {
    room(2);
    buffer[used++] = (byte) (code >>> 8);
    buffer[used++] = (byte) code;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len >= BUFFER_SIZE) {
      drain();
      out.write(b, off, len);
      return;
    }
    room(len);
    System.arraycopy(b, off, buffer, used, len);
    used += len;
  }

  void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  void write(int b) throws IOException {
    room(1);
    buffer[used++] = (byte) b;
  }

  private void room(int n) throws IOException {
    if (used + n > buffer.length) {
      drain();
    }
  }

  private void drain() throws IOException {
    if (used > 0) {
      out.write(buffer, 0, used);
      used = 0;
    }
  }

  /** Writes the buffer to the stream and flushes it. */
  void flush() throws IOException {
    drain();
    out.flush();
  }
}
