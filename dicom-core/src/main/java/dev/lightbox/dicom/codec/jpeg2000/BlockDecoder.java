package dev.lightbox.dicom.codec.jpeg2000;

import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.E;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.N;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.NE;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.NW;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.S;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.SE;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.SW;
import static dev.lightbox.dicom.codec.jpeg2000.ContextTables.W;

/**
 * Tier-1 decoding of one code-block (ISO/IEC 15444-1 Annex D): significance propagation,
 * magnitude refinement and cleanup passes over stripes of four rows, with the MQ decoder or raw
 * bits (bypass), and every code-block style of Table A.19. Magnitudes are kept with one extra
 * fractional bit so that a coefficient is reconstructed at the middle of its interval (§E.1.1.2).
 * One instance per thread; buffers are reused between blocks.
 */
final class BlockDecoder implements BlockSamples {
  private static final int SIG = 1 << 8;
  private static final int VISITED = 1 << 9;
  private static final int REFINED = 1 << 10;
  private static final int NEGATIVE = 1 << 11;
  private static final int NEIGHBOURS = 0xFF;
  private static final int BELOW = SW | S | SE;

  private final MqDecoder mq = new MqDecoder();
  private final RawBits raw = new RawBits();
  private int[] flags = new int[0];
  /** Magnitudes times two plus the half-interval bit; signs are in {@link #flags}. */
  private int[] magnitudes = new int[0];
  private int width;
  private int height;
  private int stride;
  private boolean causal;
  private byte[] zero;

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  @Override
  public int[] magnitudes() {
    return magnitudes;
  }

  @Override
  public boolean negative(int x, int y) {
    return (flags[(y + 1) * stride + x + 1] & NEGATIVE) != 0;
  }

  /**
   * Decodes the block's passes into {@link #magnitudes} (row-major, width × height) and signs.
   *
   * @param bitplanes magnitude bit-planes coded, M_b + ROI shift − zero bit-planes
   */
  void decode(CodeBlock block, int orientation, int style, int bitplanes) {
    width = block.width();
    height = block.height();
    stride = width + 2;
    int size = stride * (height + 2);
    if (flags.length < size) {
      flags = new int[size];
    } else {
      java.util.Arrays.fill(flags, 0, size, 0);
    }
    int n = width * height;
    if (magnitudes.length < n) {
      magnitudes = new int[n];
    } else {
      java.util.Arrays.fill(magnitudes, 0, n, 0);
    }
    causal = (style & CodingStyle.VERTICAL_CAUSAL) != 0;
    zero = ContextTables.ZERO[ContextTables.zeroTable(orientation)];
    if (bitplanes <= 0 || block.passes == 0) {
      return;
    }
    mq.resetContexts();
    boolean bypass = (style & CodingStyle.BYPASS) != 0;
    boolean reset = (style & CodingStyle.RESET) != 0;
    boolean segmentation = (style & CodingStyle.SEGMENTATION) != 0;
    int passes = Math.min(block.passes, 3 * bitplanes - 2);
    int pass = 0;
    int offset = 0;
    for (int s = 0; s < block.segmentCount && pass < passes; s++) {
      int length = block.segmentLengths[s];
      boolean rawSegment = bypass && pass >= 10 && (pass - 10) % 3 != 2;
      if (rawSegment) {
        raw.start(block.data, offset, length);
      } else {
        mq.start(block.data, offset, length);
      }
      for (int k = 0; k < block.segmentPasses[s] && pass < passes; k++, pass++) {
        int type = pass == 0 ? 2 : (pass - 1) % 3;
        int plane = bitplanes - 1 - (pass + 2) / 3;
        switch (type) {
          case 0 -> significancePass(plane, rawSegment);
          case 1 -> refinementPass(plane, rawSegment);
          default -> {
            cleanupPass(plane);
            if (segmentation) {
              for (int i = 0; i < 4; i++) {
                mq.decode(MqDecoder.UNIFORM);
              }
            }
          }
        }
        if (reset && !rawSegment) {
          mq.resetContexts();
        }
      }
      offset += length;
    }
  }

  private int neighbourMask(int y) {
    return causal && (y & 3) == 3 ? NEIGHBOURS & ~BELOW : NEIGHBOURS;
  }

  private void significancePass(int plane, boolean rawSegment) {
    int value = 3 << plane;
    for (int y0 = 0; y0 < height; y0 += 4) {
      int yEnd = Math.min(y0 + 4, height);
      int rowBase = (y0 + 1) * stride + 1;
      for (int x = 0; x < width; x++) {
        int i0 = rowBase + x;
        // Skip the column when no sample has a significant neighbour (most of a high plane).
        if (yEnd - y0 == 4 && ((flags[i0] | flags[i0 + stride] | flags[i0 + 2 * stride]
            | flags[i0 + 3 * stride]) & NEIGHBOURS) == 0) {
          continue;
        }
        for (int y = y0, i = i0; y < yEnd; y++, i += stride) {
          int f = flags[i];
          if ((f & SIG) != 0) {
            continue;
          }
          int nb = f & neighbourMask(y);
          if (nb == 0) {
            continue;
          }
          int bit = rawSegment ? raw.bit() : mq.decode(zero[nb]);
          if (bit != 0) {
            boolean negative = rawSegment ? raw.bit() != 0 : decodeSign(i, y);
            becomeSignificant(i, negative);
            magnitudes[y * width + x] = value;
          }
          flags[i] |= VISITED;
        }
      }
    }
  }

  private void refinementPass(int plane, boolean rawSegment) {
    int delta = 1 << plane;
    for (int y0 = 0; y0 < height; y0 += 4) {
      int yEnd = Math.min(y0 + 4, height);
      int rowBase = (y0 + 1) * stride + 1;
      for (int x = 0; x < width; x++) {
        int i0 = rowBase + x;
        if (yEnd - y0 == 4 && ((flags[i0] | flags[i0 + stride] | flags[i0 + 2 * stride]
            | flags[i0 + 3 * stride]) & SIG) == 0) {
          continue;
        }
        for (int y = y0, i = i0; y < yEnd; y++, i += stride) {
          int f = flags[i];
          if ((f & (SIG | VISITED)) != SIG) {
            continue;
          }
          int bit;
          if (rawSegment) {
            bit = raw.bit();
          } else {
            int cx = (f & REFINED) != 0 ? 16 : (f & neighbourMask(y)) != 0 ? 15 : 14;
            bit = mq.decode(cx);
          }
          magnitudes[y * width + x] += bit != 0 ? delta : -delta;
          flags[i] = f | REFINED;
        }
      }
    }
  }

  private void cleanupPass(int plane) {
    int value = 3 << plane;
    for (int y0 = 0; y0 < height; y0 += 4) {
      int yEnd = Math.min(y0 + 4, height);
      for (int x = 0; x < width; x++) {
        int i0 = (y0 + 1) * stride + x + 1;
        int y = y0;
        if (yEnd - y0 == 4) {
          int f0 = flags[i0];
          int f1 = flags[i0 + stride];
          int f2 = flags[i0 + 2 * stride];
          int f3 = flags[i0 + 3 * stride];
          int done = SIG | VISITED;
          // Nothing to code when every sample is already significant or was coded by the SPP.
          if ((f0 & done) != 0 && (f1 & done) != 0 && (f2 & done) != 0 && (f3 & done) != 0) {
            flags[i0] = f0 & ~VISITED;
            flags[i0 + stride] = f1 & ~VISITED;
            flags[i0 + 2 * stride] = f2 & ~VISITED;
            flags[i0 + 3 * stride] = f3 & ~VISITED;
            continue;
          }
        }
        if (yEnd - y0 == 4 && runEligible(i0, y0)) {
          if (mq.decode(MqDecoder.RUN_LENGTH) == 0) {
            continue;
          }
          int r = mq.decode(MqDecoder.UNIFORM) << 1 | mq.decode(MqDecoder.UNIFORM);
          y = y0 + r;
          int i = i0 + r * stride;
          becomeSignificant(i, decodeSign(i, y));
          magnitudes[y * width + x] = value;
          y++;
        }
        for (; y < yEnd; y++) {
          int i = (y + 1) * stride + x + 1;
          int f = flags[i];
          if ((f & (SIG | VISITED)) == 0) {
            if (mq.decode(zero[f & neighbourMask(y)]) != 0) {
              becomeSignificant(i, decodeSign(i, y));
              magnitudes[y * width + x] = value;
            }
          }
        }
        for (int k = y0; k < yEnd; k++) {
          flags[i0 + (k - y0) * stride] &= ~VISITED;
        }
      }
    }
  }

  /** Run-length mode (§D.3.4): four insignificant, unvisited samples with no significant neighbour. */
  private boolean runEligible(int i0, int y0) {
    int all = flags[i0] | flags[i0 + stride] | flags[i0 + 2 * stride];
    int last = flags[i0 + 3 * stride];
    if (causal) {
      last &= ~BELOW;
    }
    return ((all | last) & (SIG | VISITED | NEIGHBOURS)) == 0;
  }

  private boolean decodeSign(int i, int y) {
    int h = contribution(flags[i - 1]) + contribution(flags[i + 1]);
    int below = causal && (y & 3) == 3 ? 0 : flags[i + stride];
    int v = contribution(flags[i - stride]) + contribution(below);
    h = Math.max(-1, Math.min(1, h));
    v = Math.max(-1, Math.min(1, v));
    int entry = ContextTables.SIGN[(h + 1) * 3 + (v + 1)];
    return (mq.decode(entry & 31) ^ (entry >> 5)) != 0;
  }

  private static int contribution(int f) {
    return (f & SIG) == 0 ? 0 : (f & NEGATIVE) != 0 ? -1 : 1;
  }

  private void becomeSignificant(int i, boolean negative) {
    flags[i] |= SIG | (negative ? NEGATIVE : 0);
    int s = stride;
    flags[i - s - 1] |= SE;
    flags[i - s] |= S;
    flags[i - s + 1] |= SW;
    flags[i - 1] |= E;
    flags[i + 1] |= W;
    flags[i + s - 1] |= NE;
    flags[i + s] |= N;
    flags[i + s + 1] |= NW;
  }
}
