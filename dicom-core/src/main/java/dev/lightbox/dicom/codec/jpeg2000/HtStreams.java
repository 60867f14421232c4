package dev.lightbox.dicom.codec.jpeg2000;

/**
 * The three bit-streams of an HT cleanup segment (ITU-T T.814 §7.1): MagSgn read forward from
 * the start, MEL read forward from Pcup, and VLC read backward from the end; each with its own
 * bit-unstuffing rule so that no marker code can appear. Exhausted streams feed their fill bits
 * (1s for MagSgn and MEL, 0s for VLC).
 */
final class HtStreams {
  private HtStreams() {}

  /** MagSgn: LSB first; after a 0xFF byte the next byte's MSB is a stuffed 0 (§7.3.8). */
  static final class Forward {
    private byte[] data;
    private int pos;
    private int end;
    private long tmp;
    private int bits;
    private boolean unstuff;

    void start(byte[] d, int from, int to) {
      data = d;
      pos = from;
      end = to;
      tmp = 0;
      bits = 0;
      unstuff = false;
    }

    int read(int n) {
      while (bits <= 32) {
        int b = pos < end ? data[pos++] & 0xFF : 0xFF;
        int count = 8;
        if (unstuff) {
          b &= 0x7F;
          count = 7;
        }
        tmp |= (long) b << bits;
        bits += count;
        unstuff = b == 0xFF;
      }
      int v = (int) (tmp & ((1L << n) - 1));
      tmp >>>= n;
      bits -= n;
      return v;
    }
  }

  /**
   * VLC: read backward from the byte before the last, starting with its upper nibble; a byte
   * following (in reading order) one above 0x8F whose 7 LSBs are all 1 carries 7 bits (§7.3.4).
   */
  static final class Reverse {
    private byte[] data;
    private int pos;
    private int remaining;
    private long tmp;
    private int bits;
    private boolean unstuff;

    void start(byte[] d, int lcup, int scup) {
      data = d;
      int b = d[lcup - 2] & 0xFF;
      tmp = b >> 4;
      bits = (tmp & 7) == 7 ? 3 : 4;
      unstuff = (b | 0xF) > 0x8F;
      pos = lcup - 3;
      remaining = scup - 2;
    }

    private void fill() {
      while (bits <= 32) {
        int b = 0;
        if (remaining > 0) {
          b = data[pos--] & 0xFF;
          remaining--;
        }
        int count = 8;
        if (unstuff && (b & 0x7F) == 0x7F) {
          b &= 0x7F;
          count = 7;
        }
        tmp |= (long) b << bits;
        bits += count;
        unstuff = b > 0x8F;
      }
    }

    int peek(int n) {
      fill();
      return (int) (tmp & ((1L << n) - 1));
    }

    void advance(int n) {
      tmp >>>= n;
      bits -= n;
    }

    int read(int n) {
      int v = peek(n);
      advance(n);
      return v;
    }
  }

  /** The MEL adaptive run-length decoder (§7.3.3, Table 2). */
  static final class Mel {
    private static final int[] EXPONENT = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5};
    private byte[] data;
    private int pos;
    private int remaining;
    private int current;
    private int bitsLeft;
    private boolean unstuff;
    private int k;
    private int run;
    private boolean one;

    void start(byte[] d, int from, int length) {
      data = d;
      pos = from;
      remaining = length;
      bitsLeft = 0;
      unstuff = false;
      k = 0;
      run = 0;
      one = false;
    }

    private int bit() {
      if (bitsLeft == 0) {
        int b = 0xFF;
        if (remaining > 0) {
          b = data[pos++] & 0xFF;
          // The last MEL byte shares its low nibble with Scup: read those bits as 1s.
          if (remaining == 1) {
            b |= 0xF;
          }
        }
        remaining--;
        bitsLeft = 8;
        if (unstuff) {
          b &= 0x7F;
          bitsLeft = 7;
        }
        unstuff = b == 0xFF;
        current = b;
      }
      bitsLeft--;
      return (current >> bitsLeft) & 1;
    }

    /** The next MEL symbol. */
    int decode() {
      if (run == 0 && !one) {
        int e = EXPONENT[k];
        if (bit() == 1) {
          run = 1 << e;
          k = Math.min(12, k + 1);
        } else {
          int r = 0;
          for (int i = 0; i < e; i++) {
            r = (r << 1) | bit();
          }
          run = r;
          k = Math.max(0, k - 1);
          one = true;
        }
      }
      if (run > 0) {
        run--;
        return 0;
      }
      one = false;
      return 1;
    }
  }
}
