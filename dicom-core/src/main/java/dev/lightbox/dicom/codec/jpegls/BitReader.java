package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Reads the entropy-coded segment of a JPEG-LS scan MSB first, removing the stuffed zero bit that
 * follows every 0xFF byte (ITU-T T.87 §9.1: after 0xFF the next byte carries only 7 data bits).
 *
 * <p>The segment is bounded by the caller at the next marker (0xFF followed by a byte with its MSB
 * set), so no marker byte is ever read as data. Reading past the end yields zero bits and counts
 * them; {@link #checkNotOverrun} turns that into a {@link CodecException}. Because the code never
 * reads more than 64 zero bits in a row without failing (Golomb codes are length limited), a
 * truncated stream cannot make the decoder loop for long.
 */
final class BitReader {
  private final byte[] data;
  private final int streamStart;
  private int pos;
  private int end;
  /** Unread bits, left aligned: the next bit is bit 63. Bits below {@code count} are zero. */
  private long cache;
  private int count;
  /** Zero bits appended after the end of the segment and still inside, or consumed from, cache. */
  private int padBits;
  private boolean lastWasFF;

  BitReader(byte[] data, int streamStart) {
    this.data = data;
    this.streamStart = streamStart;
  }

  /** Starts reading the segment {@code [start, end)} of the backing array. */
  void reset(int start, int end) {
    this.pos = start;
    this.end = end;
    this.cache = 0;
    this.count = 0;
    this.padBits = 0;
    this.lastWasFF = false;
  }

  private void fill() {
    while (count <= 56) {
      if (pos < end) {
        int b = data[pos++] & 0xFF;
        if (lastWasFF) {
          // Stuffed byte: its MSB is the inserted zero bit and is not data (T.87 §9.1).
          cache |= (long) (b & 0x7F) << (57 - count);
          count += 7;
        } else {
          cache |= (long) b << (56 - count);
          count += 8;
        }
        lastWasFF = b == 0xFF;
      } else {
        count += 8;
        padBits += 8;
      }
    }
  }

  /** Reads {@code n} bits, 0 &lt;= n &lt;= 31, as an unsigned value. */
  int readBits(int n) {
    if (n == 0) {
      return 0;
    }
    if (count < n) {
      fill();
    }
    int value = (int) (cache >>> (64 - n));
    cache <<= n;
    count -= n;
    return value;
  }

  int readBit() {
    if (count == 0) {
      fill();
    }
    int bit = (int) (cache >>> 63);
    cache <<= 1;
    count--;
    return bit;
  }

  /**
   * Counts zero bits up to and including the next one bit (the unary prefix of a Golomb code,
   * T.87 §A.5.3). More than {@code maxZeros} zeros means the stream is corrupt.
   */
  int readUnary(int maxZeros) throws CodecException {
    if (count < 32) {
      fill();
    }
    int zeros = Long.numberOfLeadingZeros(cache);
    if (zeros < count) {
      cache <<= zeros;
      cache <<= 1;
      count -= zeros + 1;
      return checkZeros(zeros, maxZeros);
    }
    zeros = 0;
    while (true) {
      if (count == 0 || cache == 0) {
        zeros += count;
        cache = 0;
        count = 0;
        if (zeros > maxZeros) {
          return checkZeros(zeros, maxZeros);
        }
        fill();
        continue;
      }
      int z = Long.numberOfLeadingZeros(cache);
      cache <<= z;
      cache <<= 1;
      count -= z + 1;
      return checkZeros(zeros + z, maxZeros);
    }
  }

  private int checkZeros(int zeros, int maxZeros) throws CodecException {
    if (zeros > maxZeros) {
      throw error("Golomb code prefix of " + zeros + " zero bits exceeds the limit " + maxZeros);
    }
    return zeros;
  }

  /** Fails if any bit beyond the end of the segment has been consumed (truncated scan data). */
  void checkNotOverrun(int line) throws CodecException {
    if (count < padBits) {
      throw new CodecException(
          JpegLsDecoder.CODEC,
          end - streamStart,
          "entropy-coded data ends before line " + line + " is complete");
    }
  }

  /**
   * Whole bytes of the segment not consumed by the decoder: the bytes not yet fetched plus the
   * fetched bits still unread (stuffed bytes count as 7 bits, so this may round down by one).
   */
  int unreadBytes() {
    int cachedDataBits = Math.max(0, count - padBits);
    return (end - pos) + cachedDataBits / 8;
  }

  /** Byte offset of the next unread byte, relative to the start of the stream. */
  int streamOffset() {
    return pos - streamStart;
  }

  CodecException error(String message) {
    return new CodecException(JpegLsDecoder.CODEC, Math.min(pos, end) - streamStart, message);
  }
}
