package dev.lightbox.dicom.codec.jpeg2000;

/**
 * The two raw bit-streams of an HT refinement segment (ITU-T T.814 §7.4, §7.5): SigProp bits are
 * read forward from the segment's first byte, MagRef bits backward from its last byte. Both read
 * each byte LSB first and feed 0s once exhausted; they differ only in their bit-unstuffing rule.
 */
final class HtRefinementBits {
  private HtRefinementBits() {}

  /** SigProp: forward; a byte that follows 0xFF carries only its 7 LSBs (§7.4). */
  static final class Forward {
    private byte[] data;
    private int pos;
    private int end;
    private int current;
    private int bits;
    private int last;

    void start(byte[] d, int from, int to) {
      data = d;
      pos = from;
      end = to;
      bits = 0;
      current = 0;
      last = 0;
    }

    int bit() {
      if (bits == 0) {
        bits = last == 0xFF ? 7 : 8;
        current = pos < end ? data[pos++] & 0xFF : 0;
        last = current;
      }
      int b = current & 1;
      current >>>= 1;
      bits--;
      return b;
    }
  }

  /**
   * MagRef: backward from the segment's last byte; a byte read after one above 0x8F carries 7
   * bits when its own 7 LSBs are all 1, the same rule as the cleanup pass's VLC stream (§7.5).
   */
  static final class Reverse {
    private byte[] data;
    private int pos;
    private int start;
    private int current;
    private int bits;
    private int last;

    void start(byte[] d, int from, int to) {
      data = d;
      start = from;
      pos = to - 1;
      bits = 0;
      current = 0;
      last = 0xFF;
    }

    int bit() {
      if (bits == 0) {
        current = pos >= start ? data[pos--] & 0xFF : 0;
        bits = last > 0x8F && (current & 0x7F) == 0x7F ? 7 : 8;
        last = current;
      }
      int b = current & 1;
      current >>>= 1;
      bits--;
      return b;
    }
  }
}
