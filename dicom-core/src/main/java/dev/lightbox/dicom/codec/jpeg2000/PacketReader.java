package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Tier-2 decoding (ISO/IEC 15444-1 §B.9, §B.10): reads one packet's header (inclusion, zero
 * bit-planes, coding passes, Lblock and segment lengths) and hands each code-block its bytes.
 * Headers come from the tile body or, with PPM/PPT, from their own buffer. A stream that ends
 * early stops decoding there, as a truncated (rate-limited) codestream is still valid.
 */
final class PacketReader {
  private static final int SOP = 0xFF91;
  private static final int EPH = 0xFF92;

  private final byte[] body;
  private final int bodyEnd;
  private int bodyPos;
  private final PacketHeaderBits headers;
  private final boolean separateHeaders;
  private final byte[] headerData;
  private final int headerEnd;
  private final CodingParameters params;
  private final TileComponent[] components;
  private final int baseOffset;
  private boolean exhausted;

  private CodeBlock[] pendingBlocks = new CodeBlock[64];
  private int[] pendingLengths = new int[64];
  private int pendingSegments;
  private int[] pendingSegmentIndex = new int[64];

  PacketReader(byte[] body, byte[] separate, CodingParameters params,
      TileComponent[] components, int baseOffset) {
    this.body = body;
    this.bodyEnd = body.length;
    this.params = params;
    this.components = components;
    this.baseOffset = baseOffset;
    this.separateHeaders = separate != null;
    this.headerData = separate != null ? separate : body;
    this.headerEnd = headerData.length;
    this.headers = new PacketHeaderBits(headerData, 0, headerEnd,
        separate != null ? "PPM/PPT" : "packet header");
  }

  boolean exhausted() {
    return exhausted;
  }

  /** Reads the packet of layer l, resolution r, component c, precinct p; false once data ended. */
  boolean read(int l, int r, int c, int p) throws CodecException {
    if (exhausted) {
      return false;
    }
    int headerStart = separateHeaders ? headers.position() : bodyPos;
    if (headerStart >= headerEnd) {
      exhausted = true;
      return false;
    }
    if (params.sopMarkers && bodyPos + 6 <= bodyEnd && u16(body, bodyPos) == SOP) {
      bodyPos += 6;
      if (!separateHeaders) {
        headerStart = bodyPos;
      }
    }
    if (!separateHeaders) {
      headers.seek(bodyPos);
    }
    Resolution res = components[c].resolutions[r];
    Precinct precinct = res.precinct(p);
    pendingSegments = 0;
    try {
      if (headers.bit() == 1) {
        readHeaderBody(res, precinct, l, components[c].style.blockStyle());
      }
      headers.align();
    } catch (CodecException e) {
      if (separateHeaders || !headers.overran()) {
        throw e;
      }
      exhausted = true;
      return false;
    }
    int after = headers.position();
    if (params.ephMarkers && after + 2 <= headerEnd && u16(headerData, after) == EPH) {
      after += 2;
      headers.seek(after);
    }
    if (!separateHeaders) {
      bodyPos = after;
    }
    for (int i = 0; i < pendingSegments; i++) {
      CodeBlock b = pendingBlocks[i];
      int n = pendingLengths[i];
      int available = bodyEnd - bodyPos;
      if (n > available) {
        n = available;
        exhausted = true;
      }
      b.append(body, bodyPos, n);
      b.segmentLengths[pendingSegmentIndex[i]] += n;
      bodyPos += n;
    }
    return !exhausted;
  }

  private void readHeaderBody(Resolution res, Precinct precinct, int layer, int style)
      throws CodecException {
    for (int b = 0; b < res.bands.length; b++) {
      Subband band = res.bands[b];
      for (int gy = precinct.gy0[b]; gy < precinct.gy1[b]; gy++) {
        for (int gx = precinct.gx0[b]; gx < precinct.gx1[b]; gx++) {
          CodeBlock block = band.block(gx, gy);
          int tx = gx - precinct.gx0[b];
          int ty = gy - precinct.gy0[b];
          boolean first = false;
          if (!block.included) {
            int v = precinct.inclusion[b].decode(headers, tx, ty, layer + 1);
            if (v > layer) {
              continue;
            }
            first = true;
          } else if (headers.bit() == 0) {
            continue;
          }
          if (first) {
            int zero = precinct.zeroBitplanes[b].decode(headers, tx, ty, 64);
            if (zero >= 64) {
              throw J2kException.at("packet header", baseOffset + headers.position(),
                  "zero bit-plane count does not terminate");
            }
            block.included = true;
            block.zeroBitplanes = zero;
          }
          int passes = readPassCount();
          while (headers.bit() == 1) {
            block.lblock++;
            if (block.lblock > 32) {
              throw J2kException.at("packet header", baseOffset + headers.position(),
                  "Lblock grows beyond 32");
            }
          }
          addPasses(block, passes, style);
        }
      }
    }
  }

  private int readPassCount() throws CodecException {
    if (headers.bit() == 0) {
      return 1;
    }
    if (headers.bit() == 0) {
      return 2;
    }
    int v = headers.bits(2);
    if (v < 3) {
      return 3 + v;
    }
    v = headers.bits(5);
    if (v < 31) {
      return 6 + v;
    }
    return 37 + headers.bits(7);
  }

  /** Splits new passes into codeword segments (§B.10.7.2) and reads each segment's length. */
  private void addPasses(CodeBlock block, int passes, int style) throws CodecException {
    int remaining = passes;
    if (block.passes + passes > 164 * 4) {
      throw J2kException.at("packet header", baseOffset + headers.position(),
          "code-block with more than " + 164 * 4 + " coding passes");
    }
    while (remaining > 0) {
      int seg = block.segmentCount - 1;
      int firstPass = block.passes;
      if (seg < 0 || block.segmentPasses[seg] >= capacity(style, firstPass
          - block.segmentPasses[seg])) {
        block.newSegment();
        seg = block.segmentCount - 1;
      }
      int start = block.passes - block.segmentPasses[seg];
      int take = Math.min(remaining, capacity(style, start) - block.segmentPasses[seg]);
      int bits = block.lblock + floorLog2(take);
      if (bits > 30) {
        throw J2kException.at("packet header", baseOffset + headers.position(),
            "codeword segment length of " + bits + " bits (Lblock " + block.lblock + ")");
      }
      int length = headers.bits(bits);
      block.segmentPasses[seg] += take;
      block.passes += take;
      remaining -= take;
      pend(block, seg, length);
    }
  }

  /** Passes a segment starting at pass {@code start} can hold (Table D.9 and §D.4.1). */
  static int capacity(int style, int start) {
    if ((style & CodingStyle.HT) != 0) {
      // Part 15 §B.3: the cleanup pass is one segment, SigProp and MagRef share the next.
      return start == 0 ? 1 : 2;
    }
    if ((style & CodingStyle.TERMINATE_ALL) != 0) {
      return 1;
    }
    if ((style & CodingStyle.BYPASS) != 0) {
      if (start < 10) {
        return 10 - start;
      }
      return (start - 10) % 3 == 0 ? 2 : 1;
    }
    return Integer.MAX_VALUE;
  }

  private void pend(CodeBlock block, int seg, int length) {
    if (pendingSegments == pendingBlocks.length) {
      int n = pendingSegments * 2;
      pendingBlocks = java.util.Arrays.copyOf(pendingBlocks, n);
      pendingLengths = java.util.Arrays.copyOf(pendingLengths, n);
      pendingSegmentIndex = java.util.Arrays.copyOf(pendingSegmentIndex, n);
    }
    pendingBlocks[pendingSegments] = block;
    pendingLengths[pendingSegments] = length;
    pendingSegmentIndex[pendingSegments] = seg;
    pendingSegments++;
  }

  private static int floorLog2(int v) {
    return 31 - Integer.numberOfLeadingZeros(v);
  }

  private static int u16(byte[] d, int i) {
    return (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
  }
}
