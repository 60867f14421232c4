package dev.lightbox.dicom.net.pdu;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PDUs (PS3.8 §9.3) from a connection. Every length field is checked against what encloses
 * it and against {@link PduLimits} before anything is allocated, so a hostile peer can make this
 * reader allocate at most the announced maximum PDU length. Not thread-safe: one reader per
 * connection, used by one thread at a time.
 */
public final class PduReader {
  private static final int HEADER = 6;

  private final InputStream in;
  private final PduLimits limits;
  private long position;
  private long completed;

  public PduReader(InputStream in, PduLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** True when a read stopped (by a timeout) after the first byte of a PDU. */
  public boolean midPdu() {
    return position != completed;
  }

  /** Bytes consumed from the stream so far. */
  public long position() {
    return position;
  }

  /**
   * Reads the next PDU.
   *
   * @throws EOFException when the peer closed the connection cleanly between PDUs
   * @throws PduFormatException for a malformed, unknown, truncated or oversized PDU
   */
  public Pdu read() throws IOException {
    long start = position;
    byte[] header = new byte[HEADER];
    int first = in.read();
    if (first < 0) {
      throw new EOFException("connection closed by peer at stream offset " + start);
    }
    header[0] = (byte) first;
    position++;
    readFully(header, 1, HEADER - 1, first, start);
    int type = first & 0xFF;
    long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16)
        | ((header[4] & 0xFFL) << 8) | (header[5] & 0xFFL);
    switch (type) {
      case PduType.A_ASSOCIATE_RQ, PduType.A_ASSOCIATE_AC ->
          checkLength(type, start, length, 68, limits.maxAssociateLength());
      case PduType.P_DATA_TF -> checkLength(type, start, length, 6, limits.maxPDataLength());
      case PduType.A_ASSOCIATE_RJ, PduType.A_RELEASE_RQ, PduType.A_RELEASE_RP, PduType.A_ABORT -> {
        if (length != 4) {
          throw new PduFormatException(type, start, 2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
              "length " + length + ", expected 4");
        }
      }
      default -> throw new PduFormatException(type, start, 0, Abort.REASON_UNRECOGNIZED_PDU,
          "not a PDU type of PS3.8 Table 9-11");
    }
    byte[] body = new byte[(int) length];
    readFully(body, 0, body.length, type, start);
    completed = position;
    Cursor c = new Cursor(type, start, body);
    return switch (type) {
      case PduType.A_ASSOCIATE_RQ -> AssociateParser.request(c);
      case PduType.A_ASSOCIATE_AC -> AssociateParser.accept(c);
      case PduType.A_ASSOCIATE_RJ -> new AssociateReject(body[1] & 0xFF, body[2] & 0xFF,
          body[3] & 0xFF);
      case PduType.P_DATA_TF -> pData(c);
      case PduType.A_RELEASE_RQ -> ReleaseRequest.INSTANCE;
      case PduType.A_RELEASE_RP -> ReleaseResponse.INSTANCE;
      default -> new Abort(body[2] & 0xFF, body[3] & 0xFF);
    };
  }

  private static void checkLength(int type, long start, long length, long min, long max)
      throws PduFormatException {
    if (length < min) {
      throw new PduFormatException(type, start, 2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "length " + length + " is shorter than the minimum " + min);
    }
    if (length > max) {
      throw new PduFormatException(type, start, 2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
          "length " + length + " exceeds the maximum " + max + " this end accepts");
    }
  }

  /** P-DATA-TF (PS3.8 §9.3.5): PDV items, each at least a context id and a control header. */
  private static PDataTf pData(Cursor c) throws PduFormatException {
    List<Pdv> values = new ArrayList<>(2);
    while (c.remaining() > 0) {
      long itemAt = c.offset();
      long itemLength = c.u32();
      if (itemLength < 2 || itemLength > c.remaining()) {
        throw c.error(itemAt, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
            "PDV item length " + itemLength + (itemLength < 2 ? " is shorter than 2"
                : " exceeds the remaining " + c.remaining() + " bytes"));
      }
      int contextId = c.u8();
      int control = c.u8();
      if ((contextId & 1) == 0) {
        throw c.error(itemAt + 4, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
            "presentation context id " + contextId + " is not odd");
      }
      if ((control & 0xFC) != 0) {
        throw c.error(itemAt + 5, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
            String.format("message control header 0x%02X has reserved bits set", control));
      }
      byte[] data = c.bytes((int) itemLength - 2);
      values.add(new Pdv(contextId, (control & 1) != 0, (control & 2) != 0, data));
    }
    return new PDataTf(values);
  }

  private void readFully(byte[] b, int off, int len, int type, long start) throws IOException {
    int done = 0;
    while (done < len) {
      int n = in.read(b, off + done, len - done);
      if (n < 0) {
        throw new PduFormatException(type & 0xFF, start, position - start,
            Abort.REASON_NOT_SPECIFIED, "truncated: connection closed after "
                + (position - start) + " bytes of the PDU");
      }
      done += n;
      position += n;
    }
  }

  /** Positional reads over a PDU body, each checked against the bytes left. */
  static final class Cursor {
    final int type;
    final long streamOffset;
    private final byte[] body;
    private int at;
    private int end;

    Cursor(int type, long streamOffset, byte[] body) {
      this.type = type;
      this.streamOffset = streamOffset;
      this.body = body;
      this.end = body.length;
    }

    /** Offset within the PDU, counting its 6-byte header. */
    long offset() {
      return at + HEADER;
    }

    int remaining() {
      return end - at;
    }

    /** Limits reads to the next {@code length} bytes; returns the previous end for {@link #pop}. */
    int push(int length) {
      int saved = end;
      end = at + length;
      return saved;
    }

    void pop(int savedEnd) {
      at = end;
      end = savedEnd;
    }

    int u8() throws PduFormatException {
      need(1);
      return body[at++] & 0xFF;
    }

    int u16() throws PduFormatException {
      need(2);
      int v = ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
      at += 2;
      return v;
    }

    long u32() throws PduFormatException {
      need(4);
      long v = ((body[at] & 0xFFL) << 24) | ((body[at + 1] & 0xFFL) << 16)
          | ((body[at + 2] & 0xFFL) << 8) | (body[at + 3] & 0xFFL);
      at += 4;
      return v;
    }

    byte[] bytes(int n) throws PduFormatException {
      need(n);
      byte[] b = new byte[n];
      System.arraycopy(body, at, b, 0, n);
      at += n;
      return b;
    }

    void skip(int n) throws PduFormatException {
      need(n);
      at += n;
    }

    /** An ASCII field with trailing NUL and space padding removed (PS3.8 §9.3.2.2.1 UIDs). */
    String ascii(int n) throws PduFormatException {
      need(n);
      int e = at + n;
      int s = at;
      at = e;
      while (e > s && (body[e - 1] == 0 || body[e - 1] == ' ')) {
        e--;
      }
      while (s < e && body[s] == ' ') {
        s++;
      }
      char[] chars = new char[e - s];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) (body[s + i] & 0xFF);
      }
      return new String(chars);
    }

    private void need(int n) throws PduFormatException {
      if (n < 0 || n > end - at) {
        throw error(offset(), Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
            "field of " + n + " bytes exceeds the remaining " + (end - at) + " bytes");
      }
    }

    PduFormatException error(long offsetInPdu, int reason, String detail) {
      return new PduFormatException(type, streamOffset, offsetInPdu, reason, detail);
    }
  }
}
