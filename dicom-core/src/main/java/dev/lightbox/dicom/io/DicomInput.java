package dev.lightbox.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A buffered, position-counting view of the input for {@link DicomReader}. It knows the total
 * length when the input is a {@link ByteSource}, which lets the reader refuse impossible lengths
 * before allocating, and skips without reading when the source allows it.
 */
final class DicomInput {
  private static final int BUFFER = 64 * 1024;

  private InputStream in;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private long bufStart;
  private long length;
  private boolean randomAccess;
  private boolean eof;
  private boolean inflating;
  private CountingInputStream deflatedCounter;

  DicomInput(InputStream in, long length, boolean randomAccess) {
    this.in = in;
    this.length = length;
    this.randomAccess = randomAccess;
  }

  static DicomInput of(ByteSource source) throws IOException {
    return new DicomInput(source.openStream(0, source.length()), source.length(), true);
  }

  static DicomInput of(InputStream in) {
    return new DicomInput(in, -1, false);
  }

  long position() {
    return bufStart + pos;
  }

  /** Total length, or -1 when unknown (plain streams, inflated data). */
  long length() {
    return length;
  }

  /** Bytes left before the end, or {@code Long.MAX_VALUE} when the length is unknown. */
  long remaining() {
    return length < 0 ? Long.MAX_VALUE : length - position();
  }

  /** True when the underlying input can skip without reading (a {@link ByteSource}). */
  boolean randomAccess() {
    return randomAccess;
  }

  /**
   * True when positions are offsets in the original input (not in inflated bytes), so a skipped
   * value can be recorded as a reference the caller can read later.
   */
  boolean offsetsInSource() {
    return !inflating;
  }

  /** Makes at least {@code n} (≤ buffer size) bytes available; false when the input ends first. */
  boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      bufStart += pos;
      limit -= pos;
      pos = 0;
    }
    while (limit < n && !eof) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    }
    return limit - pos >= n;
  }

  boolean atEnd() throws IOException {
    return !ensure(1);
  }

  int available() {
    return limit - pos;
  }

  /** Byte at {@code pos + i} of the buffer; call {@link #ensure} first. */
  int peek(int i) {
    return buf[pos + i] & 0xFF;
  }

  int u16(boolean bigEndian) {
    int a = buf[pos] & 0xFF;
    int b = buf[pos + 1] & 0xFF;
    pos += 2;
    return bigEndian ? (a << 8) | b : a | (b << 8);
  }

  int peekU16(int at, boolean bigEndian) {
    int a = buf[pos + at] & 0xFF;
    int b = buf[pos + at + 1] & 0xFF;
    return bigEndian ? (a << 8) | b : a | (b << 8);
  }

  long u32(boolean bigEndian) {
    long v = peekU32(0, bigEndian);
    pos += 4;
    return v;
  }

  long peekU32(int at, boolean bigEndian) {
    int p = pos + at;
    long a = buf[p] & 0xFF;
    long b = buf[p + 1] & 0xFF;
    long c = buf[p + 2] & 0xFF;
    long d = buf[p + 3] & 0xFF;
    return bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : a | (b << 8) | (c << 16) | (d << 24);
  }

  void advance(int n) {
    pos += n;
  }

  /** Reads exactly {@code len} bytes; returns how many were read before the end. */
  int readFully(byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      if (pos == limit && !ensure(1)) {
        break;
      }
      int n = Math.min(len - done, limit - pos);
      System.arraycopy(buf, pos, dst, off + done, n);
      pos += n;
      done += n;
    }
    return done;
  }

  /** Skips {@code n} bytes; returns how many were skipped before the end. */
  long skip(long n) throws IOException {
    long inBuf = Math.min(n, limit - pos);
    pos += (int) inBuf;
    long left = n - inBuf;
    if (left == 0) {
      return n;
    }
    bufStart += limit;
    pos = 0;
    limit = 0;
    long skipped = 0;
    if (randomAccess) {
      long can = Math.min(left, remainingInStream());
      while (skipped < can) {
        long s = in.skip(can - skipped);
        if (s <= 0) {
          break;
        }
        skipped += s;
      }
    }
    byte[] scratch = null;
    while (skipped < left && !eof) {
      if (scratch == null) {
        scratch = new byte[8192];
      }
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, left - skipped));
      if (r < 0) {
        eof = true;
      } else {
        skipped += r;
      }
    }
    bufStart += skipped;
    return inBuf + skipped;
  }

  private long remainingInStream() {
    return length < 0 ? Long.MAX_VALUE : length - bufStart;
  }

  /**
   * Switches to reading the rest of the input through raw inflate (PS3.5 §A.5). Positions from here
   * on count inflated bytes, the length becomes unknown, and values can no longer stay in the source.
   */
  void startInflating(long maxInflated, int maxRatio) {
    byte[] rest = new byte[limit - pos];
    System.arraycopy(buf, pos, rest, 0, rest.length);
    deflatedCounter = new CountingInputStream(
        new SequenceInputStream(new ByteArrayInputStream(rest), in));
    in = new LimitedInflaterStream(
        new InflaterInputStream(deflatedCounter, new Inflater(true), 16 * 1024),
        deflatedCounter, maxInflated, maxRatio);
    bufStart = position();
    pos = 0;
    limit = 0;
    length = -1;
    randomAccess = false;
    inflating = true;
    eof = false;
  }

  /** Stream counting bytes consumed, used to measure the deflate ratio. */
  static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** Enforces the inflated-size and ratio ceilings while inflating. */
  static final class LimitedInflaterStream extends java.io.FilterInputStream {
    private final CountingInputStream deflated;
    private final long maxInflated;
    private final int maxRatio;
    private long inflated;

    LimitedInflaterStream(InputStream in, CountingInputStream deflated, long maxInflated,
        int maxRatio) {
      super(in);
      this.deflated = deflated;
      this.maxInflated = maxInflated;
      this.maxRatio = maxRatio;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (java.util.zip.ZipException e) {
        throw new InflateException("corrupt deflate stream: " + e.getMessage(), inflated, false);
      } catch (java.io.EOFException e) {
        throw new InflateException("deflate stream ended unexpectedly", inflated, false);
      }
      if (n > 0) {
        inflated += n;
        if (inflated > maxInflated) {
          throw new InflateException(
              "inflated dataset exceeds limit of " + maxInflated + " bytes", inflated, true);
        }
        // Small inputs are allowed generous ratios; the ratio guard matters for large outputs.
        if (inflated > (1 << 20) && inflated > (long) maxRatio * Math.max(1, deflated.count)) {
          throw new InflateException("deflate ratio " + inflated / Math.max(1, deflated.count)
              + ":1 exceeds limit " + maxRatio + ":1", inflated, true);
        }
      }
      return n;
    }
  }

  /** Raised from inside the inflating stream; the reader turns it into a DicomParseException. */
  static final class InflateException extends IOException {
    final long inflatedOffset;
    final boolean limitExceeded;

    InflateException(String message, long inflatedOffset, boolean limitExceeded) {
      super(message);
      this.inflatedOffset = inflatedOffset;
      this.limitExceeded = limitExceeded;
    }
  }
}
