package dev.lightbox.dicom.codec.jpeg2000;

/**
 * The MQ arithmetic decoder (ISO/IEC 15444-1 Annex C): INITDEC, DECODE with its conditional
 * exchanges, RENORMD and BYTEIN, over one codeword segment. Bytes past the segment read as 0xFF,
 * which the decoder treats as a marker (C.3.4), so a short segment cannot be overrun.
 */
final class MqDecoder {
  /** Table C.2: Qe value, next index after MPS and LPS, and whether an LPS switches the MPS. */
  private static final int[] QE = {
    0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801, 0x3001,
    0x2401, 0x1C01, 0x1601, 0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801,
    0x2401, 0x2201, 0x1C01, 0x1801, 0x1601, 0x1401, 0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1,
    0x0521, 0x0441, 0x02A1, 0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025, 0x0015, 0x0009,
    0x0005, 0x0001, 0x5601
  };
  private static final int[] NMPS = {
    1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46
  };
  private static final int[] NLPS = {
    1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
    43, 46
  };
  private static final int[] SWITCH = {
    1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  static final int CONTEXTS = 19;
  static final int UNIFORM = 18;
  static final int RUN_LENGTH = 17;

  /** Per context: state index in bits 1.., MPS in bit 0. */
  final int[] contexts = new int[CONTEXTS];
  private byte[] data;
  private int pos;
  private int a;
  private int c;
  private int ct;

  /** Initial context states of §D.7 (Table D.7): all 0 except UNIFORM 46, RL 3, ZC-0 4. */
  void resetContexts() {
    java.util.Arrays.fill(contexts, 0);
    contexts[UNIFORM] = 46 << 1;
    contexts[RUN_LENGTH] = 3 << 1;
    contexts[0] = 4 << 1;
  }

  /**
   * INITDEC (C.3.5) on bytes [start, start + length), copied with two 0xFF bytes appended: the
   * marker the decoder stops at, so BYTEIN needs no bounds test.
   */
  void start(byte[] bytes, int start, int length) {
    if (data == null || data.length < length + 2) {
      data = new byte[Math.max(length + 2, 1024)];
    }
    System.arraycopy(bytes, start, data, 0, length);
    data[length] = (byte) 0xFF;
    data[length + 1] = (byte) 0xFF;
    pos = 0;
    c = (data[0] & 0xFF) << 16;
    byteIn();
    c <<= 7;
    ct -= 7;
    a = 0x8000;
  }

  private void byteIn() {
    if (data[pos] == (byte) 0xFF) {
      int next = data[pos + 1] & 0xFF;
      if (next > 0x8F) {
        c += 0xFF00;
        ct = 8;
      } else {
        pos++;
        c += next << 9;
        ct = 7;
      }
    } else {
      pos++;
      c += (data[pos] & 0xFF) << 8;
      ct = 8;
    }
  }

  /** Per context state (index × 2 + MPS): its Qe. */
  private static final int[] QE_OF = new int[94];
  /**
   * Per context state cs, whether the decision was the LPS and whether A needed renormalising
   * ({@code cs << 2 | lps << 1 | renorm}): the context's next state (Table C.2). Without a
   * renormalisation the state stays (C.3.2: only the MPS can leave A at 0x8000 or above).
   */
  private static final int[] NEXT = new int[94 * 4];

  static {
    for (int cs = 0; cs < 94; cs++) {
      int state = cs >> 1;
      int mps = cs & 1;
      QE_OF[cs] = QE[state];
      NEXT[cs << 2] = cs;
      NEXT[cs << 2 | 2] = cs;
      NEXT[cs << 2 | 1] = NMPS[state] << 1 | mps;
      NEXT[cs << 2 | 3] = NLPS[state] << 1 | (mps ^ SWITCH[state]);
    }
  }

  /**
   * DECODE (C.3.2) of one decision in context cx, without branches on the decision: the
   * sub-interval test, the conditional exchange and the state update are masks and a table
   * lookup, so a decision near probability 1/2 costs no mispredicted jump here; only a
   * renormalisation that needs a new byte (about one decision in ten) leaves the straight path.
   */
  int decode(int cx) {
    int cs = contexts[cx];
    int qe = QE_OF[cs];
    int a = this.a - qe;
    int c = this.c;
    // −1 when C falls in the lower sub-interval, of length Qe; 0 in the upper one, of length A.
    int lower = ((c >>> 16) - qe) >> 31;
    c -= qe << 16 & ~lower;
    // Conditional exchange: in the upper sub-interval A < Qe makes it the LPS, in the lower one
    // A >= Qe does; the lower sub-interval becomes the new interval, A = Qe.
    int lps = ((a - qe) >>> 31) ^ (lower & 1);
    a ^= (a ^ qe) & lower;
    int renorm = (a >>> 15) ^ 1;
    contexts[cx] = NEXT[cs << 2 | lps << 1 | renorm];
    int shift = Integer.numberOfLeadingZeros(a) - 16;
    if (shift <= ct) {
      this.a = a << shift;
      this.c = c << shift;
      ct -= shift;
    } else {
      this.a = a;
      this.c = c;
      renormalize(shift);
    }
    return (cs & 1) ^ lps;
  }

  /**
   * RENORMD (C.3.3) when A needs more shifts than the bits already read allow: shifts what CT
   * holds, reads a byte, and repeats.
   */
  private void renormalize(int shift) {
    do {
      if (ct == 0) {
        byteIn();
      }
      int s = Math.min(shift, ct);
      a <<= s;
      c <<= s;
      ct -= s;
      shift -= s;
    } while (shift > 0);
  }
}
