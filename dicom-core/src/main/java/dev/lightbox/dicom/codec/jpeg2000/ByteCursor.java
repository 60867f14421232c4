package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/** Big-endian reads from a bounded slice of a byte array; overruns name the marker segment. */
final class ByteCursor {
  final byte[] data;
  private final int end;
  private int pos;
  private String marker = "codestream";

  ByteCursor(byte[] data, int offset, int length) {
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Names the segment being read, for error messages. */
  void within(String markerName) {
    this.marker = markerName;
  }

  String marker() {
    return marker;
  }

  int position() {
    return pos;
  }

  int end() {
    return end;
  }

  int remaining() {
    return end - pos;
  }

  void seek(int position) {
    pos = position;
  }

  private void need(int n) throws CodecException {
    if (n > end - pos) {
      throw J2kException.at(marker, pos, "needs " + n + " bytes, " + (end - pos) + " remain");
    }
  }

  int u8() throws CodecException {
    need(1);
    return data[pos++] & 0xFF;
  }

  int u16() throws CodecException {
    need(2);
    int v = (data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  long u32() throws CodecException {
    need(4);
    long v = (long) (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16
        | (data[pos + 2] & 0xFF) << 8 | (data[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  void skip(int n) throws CodecException {
    need(n);
    pos += n;
  }

  CodecException error(String message) {
    return J2kException.at(marker, pos, message);
  }
}
