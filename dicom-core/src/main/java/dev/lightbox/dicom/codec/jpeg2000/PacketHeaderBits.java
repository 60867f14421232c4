package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Bits of packet headers (ISO/IEC 15444-1 §B.10.1): MSB first, and after a 0xFF byte the next
 * byte carries only 7 bits (a 0 is stuffed into its MSB) so no marker can appear.
 */
final class PacketHeaderBits {
  private final byte[] data;
  private final int end;
  private int pos;
  private int current;
  private int bitsLeft;
  private final String source;

  PacketHeaderBits(byte[] data, int start, int end, String source) {
    this.data = data;
    this.pos = start;
    this.end = end;
    this.source = source;
  }

  int position() {
    return pos;
  }

  void seek(int position) {
    pos = position;
    bitsLeft = 0;
    current = 0;
  }

  int bit() throws CodecException {
    if (bitsLeft == 0) {
      load();
    }
    bitsLeft--;
    return (current >> bitsLeft) & 1;
  }

  int bits(int n) throws CodecException {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 1) | bit();
    }
    return v;
  }

  /** True once a read went past the end: the stream was truncated inside a header. */
  boolean overran() {
    return overran;
  }

  private boolean overran;

  private void load() throws CodecException {
    if (pos >= end) {
      overran = true;
      throw J2kException.at(source, pos, "packet header runs past the end of its data");
    }
    bitsLeft = current == 0xFF ? 7 : 8;
    current = data[pos++] & 0xFF;
  }

  /** Ends a header: skips the remaining bits and the stuffing byte after a final 0xFF. */
  void align() throws CodecException {
    if (current == 0xFF) {
      if (pos >= end) {
        throw J2kException.at(source, pos, "packet header ends on 0xFF without stuffing");
      }
      current = data[pos++] & 0xFF;
    }
    bitsLeft = 0;
    current = 0;
  }
}
