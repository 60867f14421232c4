package dev.lightbox.dicom.codec.jpeg2000;

/**
 * Raw (bypass) coding-pass bits (ISO/IEC 15444-1 §D.6): MSB first, and after a 0xFF byte the
 * next byte's stuffed MSB is skipped. Past the segment it reads 1-bits, like the MQ decoder.
 */
final class RawBits {
  private byte[] data;
  private int pos;
  private int end;
  private int current;
  private int bitsLeft;

  void start(byte[] bytes, int start, int length) {
    data = bytes;
    pos = start;
    end = start + length;
    current = 0;
    bitsLeft = 0;
  }

  int bit() {
    if (bitsLeft == 0) {
      boolean stuffed = current == 0xFF;
      current = pos < end ? data[pos++] & 0xFF : 0xFF;
      bitsLeft = stuffed ? 7 : 8;
    }
    bitsLeft--;
    return (current >> bitsLeft) & 1;
  }
}
