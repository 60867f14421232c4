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

  /** Per context state (index × 2 + MPS): its Qe, and the state after an MPS or an LPS. */
  private static final int[] QE_OF = new int[94];
  private static final int[] AFTER_MPS = new int[94];
  private static final int[] AFTER_LPS = new int[94];

  static {
    for (int cs = 0; cs < 94; cs++) {
      int state = cs >> 1;
      int mps = cs & 1;
      QE_OF[cs] = QE[state];
      AFTER_MPS[cs] = NMPS[state] << 1 | mps;
      AFTER_LPS[cs] = NLPS[state] << 1 | (mps ^ SWITCH[state]);
    }
  }

  /** DECODE (C.3.2) of one decision in context cx, with the MPS path that needs no renorm first. */
  int decode(int cx) {
    int cs = contexts[cx];
    int qe = QE_OF[cs];
    a -= qe;
    if ((c >>> 16) >= qe) {
      c -= qe << 16;
      if ((a & 0x8000) != 0) {
        return cs & 1;
      }
      int d;
      if (a < qe) {
        d = 1 - (cs & 1);
        contexts[cx] = AFTER_LPS[cs];
      } else {
        d = cs & 1;
        contexts[cx] = AFTER_MPS[cs];
      }
      renormalize();
      return d;
    }
    int d;
    if (a < qe) {
      d = cs & 1;
      contexts[cx] = AFTER_MPS[cs];
    } else {
      d = 1 - (cs & 1);
      contexts[cx] = AFTER_LPS[cs];
    }
    a = qe;
    renormalize();
    return d;
  }

  /**
   * RENORMD (C.3.3): shifts as many bits at once as the bits already read allow; a renormalisation
   * is one or two bits nearly always, so one shift serves it without a loop.
   */
  private void renormalize() {
    int shift = Integer.numberOfLeadingZeros(a) - 16;
    if (shift <= ct) {
      a <<= shift;
      c <<= shift;
      ct -= shift;
      return;
    }
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
