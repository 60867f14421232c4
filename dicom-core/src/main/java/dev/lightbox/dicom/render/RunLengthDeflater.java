package dev.lightbox.dicom.render;

import java.util.Arrays;

/**
 * A deflate encoder (RFC 1951) for filtered image rows that looks for one kind of match only: runs,
 * i.e. back-references at distance 1, and codes every block with Huffman codes built from that
 * block's own symbol counts.
 *
 * <p>Why: after a good PNG filter, a medical image is mostly small residuals with no repeated
 * strings farther back, plus flat runs (air, collimation, black borders). zlib at level 1 spends
 * most of its time maintaining a hash chain that finds nothing on such data; coding the residuals
 * with per-block Huffman codes and the flat areas as runs gives about the same size for a fraction
 * of the work. Images where long-distance matches do pay (synthetic, text, repeated patterns) are
 * left to zlib by {@link PngEncoder}'s trial.
 *
 * <p>Output: whole blocks, each dynamic Huffman (BTYPE 10, §3.2.7) or stored (BTYPE 00, §3.2.4),
 * whichever is shorter, written into a caller's array between {@code at} and {@code limit}. A
 * match never reaches before the first byte given to this encoder, so the pieces of a chunked
 * stream are independent of one another. Deterministic: the bytes depend only on the input and
 * the block boundaries.
 */
final class RunLengthDeflater {
  /** Longest code allowed for literal/length and distance codes (§3.2.7). */
  static final int MAX_BITS = 15;
  /** Longest code allowed for the code length alphabet (3-bit lengths, §3.2.7). */
  static final int MAX_CODE_LENGTH_BITS = 7;
  /**
   * Shortest run coded as a match. A run of three costs a length code (≥ 5 bits) and a distance
   * bit; in a filtered image the repeated residual is usually 0, itself a 1–3 bit literal, so
   * short runs are cheaper as literals.
   */
  static final int MIN_RUN = 8;
  /** Longest match deflate allows (§3.2.5). */
  static final int MAX_RUN = 258;
  /** Largest stored block (§3.2.4: LEN is 16 bits). */
  static final int MAX_STORED = 65_535;

  private static final int END_OF_BLOCK = 256;
  private static final int LITERAL_LENGTH_SYMBOLS = 286;
  /** Stored-block worst case per block (header bits padded, LEN, NLEN) beyond its data. */
  private static final int STORED_OVERHEAD = 5;
  /** Order in which code length code lengths are sent (§3.2.7). */
  private static final int[] CODE_LENGTH_ORDER =
      {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  /** §3.2.5: base length of length codes 257..285 and their extra bits. */
  private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
      31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3,
      3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  /** Index into LENGTH_BASE for each match length 3..258. */
  private static final byte[] LENGTH_INDEX = lengthIndex();

  private final byte[] out;
  private final int limit;
  private int pos;
  private long bitBuffer;
  private int bitCount;
  /** The byte before the next input byte, or -1 at the start: what a distance-1 match repeats. */
  private int previous = -1;

  private final int[] frequency = new int[LITERAL_LENGTH_SYMBOLS];
  private final int[] length = new int[LITERAL_LENGTH_SYMBOLS];
  private final int[] code = new int[LITERAL_LENGTH_SYMBOLS];
  private final int[] clFrequency = new int[19];
  private final int[] clLength = new int[19];
  private final int[] clCode = new int[19];
  /** Code length symbols of the block header: symbol | extra value << 8. */
  private final int[] clSymbols = new int[LITERAL_LENGTH_SYMBOLS + 2];
  /** The current dynamic block's header: HLIT + 257, HCLEN + 4, code length symbols used. */
  private int hlit;
  private int hclen;
  private int clSymbolCount;
  private final HuffmanLengths huffman = new HuffmanLengths(LITERAL_LENGTH_SYMBOLS);
  /** Literals as 0..255, runs as 256 + length. */
  private short[] tokens = new short[0];

  /** Encodes into {@code out} from {@code at}; never writes at or past {@code limit}. */
  RunLengthDeflater(byte[] out, int at, int limit) {
    this.out = out;
    this.pos = at;
    this.limit = limit;
  }

  /**
   * Most bytes {@code n} input bytes can take, in blocks of at most {@code blockBytes}: every block
   * is at most its stored form.
   */
  static int bound(int n, int blockBytes) {
    int blocks = Math.max(1, (n + blockBytes - 1) / blockBytes);
    int storedPieces = blocks + n / MAX_STORED + 1;
    return n + STORED_OVERHEAD * storedPieces + 16;
  }

  /** One or more blocks holding {@code in[off, off+len)}; {@code last} sets BFINAL on the end. */
  void block(byte[] in, int off, int len, boolean last) {
    if (len == 0) {
      if (last) {
        storedBlock(in, off, 0, true);
      }
      return;
    }
    int tokenCount = tokenize(in, off, len);
    buildCodes();
    long dynamicBits = dynamicBlockBits();
    long storedBits = storedBits(len);
    if (dynamicBits >= storedBits) {
      storedBlock(in, off, len, last);
    } else {
      ensureRoom(dynamicBits);
      writeDynamic(tokenCount, last);
    }
  }

  /**
   * An empty stored block (§3.2.4) that ends on a byte boundary: what zlib's sync flush writes,
   * so that another piece of deflate data can follow byte-aligned in the same stream.
   */
  void syncFlush() {
    ensureRoom(3 + 7 + 32);
    putBits(0, 3);
    alignToByte();
    putBits(0, 16);
    putBits(0xFFFF, 16);
    drainWholeBytes();
  }

  /** Writes the bits still buffered (the last byte padded with zeros); returns the end offset. */
  int finish() {
    alignToByte();
    drainWholeBytes();
    return pos;
  }

  private int tokenize(byte[] in, int off, int len) {
    if (tokens.length < len) {
      tokens = new short[len];
    }
    Arrays.fill(frequency, 0);
    short[] t = tokens;
    int[] freq = frequency;
    int n = 0;
    int prev = previous;
    int end = off + len;
    for (int i = off; i < end; ) {
      int b = in[i] & 0xFF;
      if (b == prev) {
        int run = 1;
        int max = Math.min(MAX_RUN, end - i);
        while (run < max && (in[i + run] & 0xFF) == b) {
          run++;
        }
        if (run >= MIN_RUN) {
          t[n++] = (short) (256 + run);
          freq[257 + LENGTH_INDEX[run]]++;
          i += run;
          continue;
        }
        for (int k = 0; k < run; k++) {
          t[n++] = (short) b;
        }
        freq[b] += run;
        i += run;
        continue;
      }
      t[n++] = (short) b;
      freq[b]++;
      prev = b;
      i++;
    }
    freq[END_OF_BLOCK] = 1;
    previous = prev;
    return n;
  }

  private void buildCodes() {
    huffman.lengths(frequency, LITERAL_LENGTH_SYMBOLS, MAX_BITS, length);
    canonicalCodes(length, LITERAL_LENGTH_SYMBOLS, code);
  }

  /**
   * Header and data bits of the dynamic block; builds the header on the way ({@link #hlit},
   * {@link #hclen}, the code length symbols and their code), which {@link #writeDynamic} writes.
   */
  private long dynamicBlockBits() {
    hlit = literalCount();
    clSymbolCount = codeLengthSymbols(hlit);
    huffman.lengths(clFrequency, 19, MAX_CODE_LENGTH_BITS, clLength);
    canonicalCodes(clLength, 19, clCode);
    hclen = codeLengthCount();
    long bits = 3 + 5 + 5 + 4 + 3L * hclen;
    for (int i = 0; i < clSymbolCount; i++) {
      int s = clSymbols[i] & 0xFF;
      bits += clLength[s] + codeLengthExtraBits(s);
    }
    for (int s = 0; s < LITERAL_LENGTH_SYMBOLS; s++) {
      int f = frequency[s];
      if (f != 0) {
        bits += (long) f * length[s];
        if (s > END_OF_BLOCK) {
          bits += (long) f * (LENGTH_EXTRA[s - 257] + 1); // + the 1-bit distance code
        }
      }
    }
    return bits;
  }

  private long storedBits(int len) {
    int pieces = Math.max(1, (len + MAX_STORED - 1) / MAX_STORED);
    return (long) pieces * 8 * STORED_OVERHEAD + 8L * len + 8;
  }

  /** Literal/length codes sent: trailing unused ones dropped, at least 257 (§3.2.7). */
  private int literalCount() {
    int n = LITERAL_LENGTH_SYMBOLS;
    while (n > 257 && length[n - 1] == 0) {
      n--;
    }
    return n;
  }

  /** Code length code lengths sent, in CODE_LENGTH_ORDER: trailing zeros dropped, at least 4. */
  private int codeLengthCount() {
    int n = 19;
    while (n > 4 && clLength[CODE_LENGTH_ORDER[n - 1]] == 0) {
      n--;
    }
    return n;
  }

  /**
   * The code lengths of {@code literals} literal/length codes and the two distance codes, run-length
   * coded with symbols 16, 17 and 18 (§3.2.7) into {@link #clSymbols}; counts their frequencies.
   */
  private int codeLengthSymbols(int literals) {
    Arrays.fill(clFrequency, 0);
    int total = literals + 2;
    int n = 0;
    for (int i = 0; i < total; ) {
      int l = i < literals ? length[i] : 1; // both distance codes have length 1
      int run = 1;
      while (i + run < total && (i + run < literals ? length[i + run] : 1) == l) {
        run++;
      }
      i += run;
      if (l == 0) {
        while (run >= 11) {
          int r = Math.min(run, 138);
          n = addCl(n, 18, r - 11);
          run -= r;
        }
        if (run >= 3) {
          n = addCl(n, 17, run - 3);
          run = 0;
        }
      } else {
        n = addCl(n, l, 0);
        run--;
        while (run >= 3) {
          int r = Math.min(run, 6);
          n = addCl(n, 16, r - 3);
          run -= r;
        }
      }
      for (; run > 0; run--) {
        n = addCl(n, l, 0);
      }
    }
    return n;
  }

  /** Extra bits after a code length symbol (§3.2.7): 16 repeats 3–6, 17 3–10, 18 11–138 times. */
  private static int codeLengthExtraBits(int symbol) {
    return symbol == 16 ? 2 : symbol == 17 ? 3 : symbol == 18 ? 7 : 0;
  }

  private int addCl(int n, int symbol, int extra) {
    clSymbols[n] = symbol | extra << 8;
    clFrequency[symbol]++;
    return n + 1;
  }

  private void writeDynamic(int tokenCount, boolean last) {
    putBits(last ? 1 : 0, 1);
    putBits(2, 2);
    putBits(hlit - 257, 5);
    putBits(2 - 1, 5); // HDIST: two distance codes, 0 (distance 1) and an unused 1: a full code
    putBits(hclen - 4, 4);
    for (int i = 0; i < hclen; i++) {
      putBits(clLength[CODE_LENGTH_ORDER[i]], 3);
    }
    for (int i = 0; i < clSymbolCount; i++) {
      int s = clSymbols[i] & 0xFF;
      putBits(clCode[s], clLength[s]);
      putBits(clSymbols[i] >>> 8, codeLengthExtraBits(s));
    }
    // The symbol loop keeps the bit buffer in locals: it runs once per input byte or run.
    short[] t = tokens;
    int[] c = code;
    int[] l = length;
    byte[] o = out;
    long buffer = bitBuffer;
    int count = bitCount;
    int p = pos;
    for (int i = 0; i < tokenCount; i++) {
      int token = t[i];
      int bits;
      int n;
      if (token < 256) {
        bits = c[token];
        n = l[token];
      } else {
        int run = token - 256;
        int index = LENGTH_INDEX[run];
        int symbol = 257 + index;
        // length code, its extra bits, then distance code 0 (one 0 bit): distance 1 (§3.2.5)
        bits = c[symbol] | (run - LENGTH_BASE[index]) << l[symbol];
        n = l[symbol] + LENGTH_EXTRA[index] + 1;
      }
      buffer |= (long) bits << count;
      count += n;
      if (count >= 32) {
        o[p] = (byte) buffer;
        o[p + 1] = (byte) (buffer >>> 8);
        o[p + 2] = (byte) (buffer >>> 16);
        o[p + 3] = (byte) (buffer >>> 24);
        p += 4;
        buffer >>>= 32;
        count -= 32;
      }
    }
    bitBuffer = buffer;
    bitCount = count;
    pos = p;
    putBits(c[END_OF_BLOCK], l[END_OF_BLOCK]);
  }

  private void storedBlock(byte[] in, int off, int len, boolean last) {
    ensureRoom(storedBits(len));
    int done = 0;
    do {
      int n = Math.min(MAX_STORED, len - done);
      putBits(last && done + n == len ? 1 : 0, 1);
      putBits(0, 2);
      alignToByte();
      putBits(n, 16);
      putBits(~n & 0xFFFF, 16);
      drainWholeBytes();
      System.arraycopy(in, off + done, out, pos, n);
      pos += n;
      done += n;
    } while (done < len);
    if (len > 0) {
      previous = in[off + len - 1] & 0xFF;
    }
  }

  private void ensureRoom(long bits) {
    if (pos + (bitCount + bits + 7) / 8 + 8 > limit) {
      throw new IllegalStateException("deflate output would pass its bound");
    }
  }

  /** Appends the low {@code n} (≤ 16 + 16) bits of {@code value}, least significant first. */
  private void putBits(int value, int n) {
    bitBuffer |= (long) value << bitCount;
    bitCount += n;
    if (bitCount >= 32) {
      int at = pos;
      long b = bitBuffer;
      out[at] = (byte) b;
      out[at + 1] = (byte) (b >>> 8);
      out[at + 2] = (byte) (b >>> 16);
      out[at + 3] = (byte) (b >>> 24);
      pos = at + 4;
      bitBuffer = b >>> 32;
      bitCount -= 32;
    }
  }

  private void alignToByte() {
    bitCount = (bitCount + 7) & ~7;
  }

  private void drainWholeBytes() {
    while (bitCount >= 8) {
      out[pos++] = (byte) bitBuffer;
      bitBuffer >>>= 8;
      bitCount -= 8;
    }
  }

  /**
   * Canonical Huffman codes from code lengths (§3.2.2), bit-reversed because deflate sends a
   * Huffman code most significant bit first into a least-significant-first bit stream.
   */
  static void canonicalCodes(int[] lengths, int n, int[] codes) {
    int[] count = new int[MAX_BITS + 1];
    for (int i = 0; i < n; i++) {
      count[lengths[i]]++;
    }
    count[0] = 0;
    int[] next = new int[MAX_BITS + 1];
    int c = 0;
    for (int bits = 1; bits <= MAX_BITS; bits++) {
      c = (c + count[bits - 1]) << 1;
      next[bits] = c;
    }
    for (int i = 0; i < n; i++) {
      int len = lengths[i];
      codes[i] = len == 0 ? 0 : Integer.reverse(next[len]++) >>> (32 - len);
    }
  }

  private static byte[] lengthIndex() {
    byte[] index = new byte[MAX_RUN + 1];
    for (int i = 0; i < LENGTH_BASE.length - 1; i++) {
      int top = Math.min(MAX_RUN - 1, LENGTH_BASE[i] + (1 << LENGTH_EXTRA[i]) - 1);
      for (int len = LENGTH_BASE[i]; len <= top; len++) {
        index[len] = (byte) i;
      }
    }
    index[MAX_RUN] = (byte) (LENGTH_BASE.length - 1); // 258 has its own code, 285
    return index;
  }
}
