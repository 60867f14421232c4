package dev.lightbox.dicom.codec.jpeg2000;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Builds an HT codestream with SigProp and MagRef passes from an OpenJPH codestream that holds
 * one HT code-block coded by its cleanup pass only (no wavelet levels, one tile, one layer, one
 * precinct). The cleanup segment is kept byte for byte; the precision (SIZ Ssiz) and the band's
 * exponent (QCD, no quantization) grow by one, so the cleanup pass now codes bit-planes ≥ 1 and
 * the appended refinement segment codes bit-plane 0 (T.814 §7.4, §7.5). The refinement segment is
 * seeded random bytes obeying the SigProp stuffing rule (a byte after 0xFF has MSB 0); any such
 * bytes are a valid refinement segment, so the decoders must agree on what they mean.
 */
final class HtRefinementCodestream {
  final int cleanupBitplaneZero;
  final int cleanupLength;

  private final byte[] source;
  private final int mainHeaderEnd;
  private final int cleanupStart;
  private final int ssizAt;
  private final int spqcdAt;
  private final int spcodStyleAt;

  HtRefinementCodestream(byte[] ojph) {
    source = ojph;
    ssizAt = marker(0xFF51) + 40;
    spqcdAt = marker(0xFF5C) + 5;
    spcodStyleAt = marker(0xFF52) + 12;
    mainHeaderEnd = marker(0xFF90);
    int sod = marker(0xFF93) + 2;
    HeaderBits h = new HeaderBits(ojph, sod);
    require(h.bit() == 1 && h.bit() == 1, "packet not empty and block included in layer 0");
    int zero = 0;
    while (h.bit() == 0) {
      zero++;
    }
    cleanupBitplaneZero = zero;
    require(h.bit() == 0, "one coding pass (cleanup only)");
    int lblock = 3;
    while (h.bit() == 1) {
      lblock++;
    }
    cleanupLength = h.bits(lblock);
    cleanupStart = h.end();
  }

  /** passes: 2 (cleanup + SigProp) or 3 (+ MagRef). */
  byte[] build(int passes, int refinementLength, boolean verticallyCausal, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] main = java.util.Arrays.copyOf(source, mainHeaderEnd);
    main[ssizAt]++;
    main[spqcdAt] += 8;
    if (verticallyCausal) {
      main[spcodStyleAt] |= 0x08;
    }
    byte[] header = packetHeader(passes, refinementLength);
    int body = header.length + cleanupLength + refinementLength;
    out.write(main, 0, main.length);
    int psot = 12 + 2 + body;
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0x90, 0, 10, 0, 0, (byte) (psot >>> 24),
        (byte) (psot >>> 16), (byte) (psot >>> 8), (byte) psot, 0, 1, (byte) 0xFF, (byte) 0x93});
    out.writeBytes(header);
    out.write(source, cleanupStart, cleanupLength);
    out.writeBytes(refinement(refinementLength, seed));
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  private byte[] packetHeader(int passes, int lref) {
    HeaderWriter w = new HeaderWriter();
    w.bit(1);
    w.bit(1);
    for (int i = 0; i < cleanupBitplaneZero; i++) {
      w.bit(0);
    }
    w.bit(1);
    if (passes == 2) {
      w.bits(0b10, 2);
    } else {
      w.bits(0b1100, 4);
    }
    int refinementPasses = passes - 1;
    int extra = refinementPasses == 2 ? 1 : 0;
    int lblock = Math.max(3, Math.max(bitsFor(cleanupLength), bitsFor(lref) - extra));
    for (int i = 3; i < lblock; i++) {
      w.bit(1);
    }
    w.bit(0);
    w.bits(cleanupLength, lblock);
    w.bits(lref, lblock + extra);
    return w.finish();
  }

  private static byte[] refinement(int length, long seed) {
    Random random = new Random(seed);
    byte[] r = new byte[length];
    for (int i = 0; i < length; i++) {
      int b = random.nextInt(256);
      if (i > 0 && r[i - 1] == (byte) 0xFF) {
        b &= 0x7F;
      }
      r[i] = (byte) b;
    }
    return r;
  }

  private static int bitsFor(int v) {
    return 32 - Integer.numberOfLeadingZeros(v);
  }

  private int marker(int code) {
    for (int i = 0; i + 1 < source.length; i++) {
      if ((source[i] & 0xFF) == code >> 8 && (source[i + 1] & 0xFF) == (code & 0xFF)) {
        return i;
      }
    }
    throw new IllegalArgumentException("marker " + Integer.toHexString(code) + " not found");
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("not a single cleanup-only HT block: " + what);
    }
  }

  /** Packet header bits, MSB first; a byte after 0xFF carries 7 bits (§B.10.1). */
  private static final class HeaderBits {
    private final byte[] d;
    private int pos;
    private int current;
    private int left;

    HeaderBits(byte[] d, int from) {
      this.d = d;
      this.pos = from;
    }

    int bit() {
      if (left == 0) {
        left = pos > 0 && current == 0xFF ? 7 : 8;
        current = d[pos++] & 0xFF;
      }
      left--;
      return (current >> left) & 1;
    }

    int bits(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        v = v << 1 | bit();
      }
      return v;
    }

    int end() {
      return current == 0xFF ? pos + 1 : pos;
    }
  }

  private static final class HeaderWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int filled;
    private int capacity = 8;

    void bit(int b) {
      current = current << 1 | b;
      if (++filled == capacity) {
        out.write(current);
        capacity = current == 0xFF ? 7 : 8;
        current = 0;
        filled = 0;
      }
    }

    void bits(int v, int n) {
      for (int i = n - 1; i >= 0; i--) {
        bit((v >> i) & 1);
      }
    }

    byte[] finish() {
      while (filled != 0) {
        bit(0);
      }
      if (capacity == 7) {
        out.write(0);
      }
      return out.toByteArray();
    }
  }
}
