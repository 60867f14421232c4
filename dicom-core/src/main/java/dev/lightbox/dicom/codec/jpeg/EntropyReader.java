package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Reads the bits of an entropy-coded segment (ITU-T T.81 §F.2.2.5): removes the stuffed zero
 * after each 0xFF (§B.1.1.5), stops at the first marker and, past it, supplies zero bits — but only
 * {@value #MAX_PADDING_BITS} of them, so a truncated or corrupt scan fails instead of decoding
 * garbage forever.
 */
final class EntropyReader {
  /** Zero bits a scan may consume beyond its data before it is called truncated. */
  static final int MAX_PADDING_BITS = 32;

  private final byte[] data;
  private final int base;
  private final int end;
  private int pos;
  /** Unconsumed bits, right-aligned. */
  private long buffer;
  private int bits;
  /** Zero bits appended after the data ran out (they are always the newest bits). */
  private int paddingBits;
  /** Position of the marker that ended the data, or -1 while data continues. */
  private int markerPos = -1;

  EntropyReader(byte[] data, int base, int start, int end) {
    this.data = data;
    this.base = base;
    this.pos = start;
    this.end = end;
  }

  /** Tops the buffer up to more than 56 bits. */
  private void fill() {
    // Fast path: four data bytes none of which is 0xFF (so no stuffing and no marker) enter the
    // buffer at once, exactly as the loop below would add them one by one.
    if (markerPos < 0 && bits <= 32 && pos + 4 <= end) {
      int w = (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16
          | (data[pos + 2] & 0xFF) << 8 | (data[pos + 3] & 0xFF);
      int x = ~w; // a 0xFF byte of w is a zero byte of x
      if (((x - 0x01010101) & ~x & 0x80808080) == 0) {
        buffer = (buffer << 32) | (w & 0xFFFFFFFFL);
        bits += 32;
        pos += 4;
      }
    }
    while (bits <= 56) {
      int b = 0;
      if (markerPos < 0) {
        if (pos >= end) {
          markerPos = end;
        } else {
          b = data[pos] & 0xFF;
          if (b != 0xFF) {
            pos++;
          } else if (pos + 1 < end && data[pos + 1] == 0) {
            pos += 2;
          } else {
            markerPos = pos;
            b = 0;
          }
        }
      }
      if (markerPos >= 0) {
        paddingBits += 8;
      }
      buffer = (buffer << 8) | b;
      bits += 8;
    }
  }

  /** Fails if the scan consumed more padding than allowed; called once per block. */
  void checkOverrun() throws CodecException {
    if (paddingBits - bits > MAX_PADDING_BITS) {
      throw new CodecException(
          JpegDctDecoder.CODEC,
          (long) markerPos - base,
          "entropy-coded data ends before the scan is complete (truncated or corrupt)");
    }
  }

  int decode(HuffmanTable table) throws CodecException {
    if (bits < 32) {
      fill();
    }
    int entry = table.lookup[(int) (buffer >>> (bits - HuffmanTable.LOOKAHEAD))
        & ((1 << HuffmanTable.LOOKAHEAD) - 1)];
    if (entry != 0) {
      bits -= entry >>> 8;
      return entry & 0xFF;
    }
    int peek = (int) (buffer >>> (bits - 16)) & 0xFFFF;
    for (int length = HuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
      int code = peek >>> (16 - length);
      if (code <= table.maxCode[length]) {
        bits -= length;
        int index = table.valueOffset[length] + code;
        if (index < 0 || index >= table.symbols.length) {
          break;
        }
        return table.symbols[index];
      }
    }
    throw new CodecException(JpegDctDecoder.CODEC, position(), "invalid Huffman code");
  }

  /** The next {@code n} (1..24) bits without consuming them (zero bits past the data). */
  int peek(int n) {
    if (bits < 32) {
      fill();
    }
    return (int) (buffer >>> (bits - n)) & ((1 << n) - 1);
  }

  /** Consumes {@code n} bits already seen through {@link #peek}. */
  void skip(int n) {
    bits -= n;
  }

  /** Reads {@code n} (1..16) bits and sign-extends them as T.81 §F.2.2.1 EXTEND does. */
  int receiveExtend(int n) {
    if (bits < 32) {
      fill();
    }
    bits -= n;
    int v = (int) (buffer >>> bits) & ((1 << n) - 1);
    return v < (1 << (n - 1)) ? v - (1 << n) + 1 : v;
  }

  /**
   * Consumes the restart marker that must follow a restart interval (T.81 §F.2.2.5, §B.2.1),
   * discarding the fill bits of the last byte, and resets the bit buffer.
   */
  void restart(int expected) throws CodecException {
    int at = nextMarker();
    if (at + 1 >= end) {
      throw new CodecException(JpegDctDecoder.CODEC, at - base, "missing RST" + expected);
    }
    int marker = data[at + 1] & 0xFF;
    if (marker != 0xD0 + expected) {
      throw new CodecException(
          JpegDctDecoder.CODEC,
          at - base,
          String.format("expected RST%d marker, found 0x%02X", expected, marker));
    }
    pos = at + 2;
    markerPos = -1;
    buffer = 0;
    bits = 0;
    paddingBits = 0;
  }

  /**
   * Position of the marker that ends the scan. Bytes between the last used bit and the marker
   * are skipped, as IJG libjpeg does after warning.
   */
  int nextMarker() {
    int p = markerPos >= 0 ? markerPos : pos;
    while (p < end) {
      if ((data[p] & 0xFF) == 0xFF && p + 1 < end && data[p + 1] != 0) {
        while (p + 1 < end && (data[p + 1] & 0xFF) == 0xFF) {
          p++; // fill bytes before the marker (T.81 §B.1.1.2)
        }
        return p;
      }
      p++;
    }
    return end;
  }

  /**
   * Whole bytes of entropy-coded data the decoder left unused before the marker that ends the
   * scan (a stuffed 0xFF 0x00 pair counts as two). An encoder pads only the last byte with 1 bits
   * (T.81 §F.1.2.3), so more means the data and the decoded blocks disagree.
   */
  int unreadBytes() {
    int marker = nextMarker();
    int fetched = (markerPos >= 0 ? markerPos : pos);
    int bufferedDataBits = Math.max(0, bits - paddingBits);
    return Math.max(0, marker - fetched) + bufferedDataBits / 8;
  }

  /** Approximate stream offset of the next unconsumed byte, for error messages. */
  long position() {
    return (long) (markerPos >= 0 ? markerPos : pos) - base;
  }
}
