package dev.lightbox.dicom.net.pdu;

import java.io.IOException;

/**
 * A PDU that violates PS3.8 §9.3: a length that does not fit, a missing mandatory item, an unknown
 * PDU type, a PDU larger than this end allows. The message names the PDU type, the stream offset of
 * the PDU and the byte offset inside it. {@link #abortReason()} is the A-ABORT reason (PS3.8 Table
 * 9-26) the upper layer answers with.
 */
public final class PduFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int pduType;
  private final long streamOffset;
  private final long offsetInPdu;
  private final int abortReason;

  public PduFormatException(int pduType, long streamOffset, long offsetInPdu, int abortReason,
      String detail) {
    super(PduType.name(pduType) + " at stream offset " + streamOffset + ", byte " + offsetInPdu
        + ": " + detail);
    this.pduType = pduType;
    this.streamOffset = streamOffset;
    this.offsetInPdu = offsetInPdu;
    this.abortReason = abortReason;
  }

  public int pduType() {
    return pduType;
  }

  /** Offset of the PDU's first byte in the connection's byte stream. */
  public long streamOffset() {
    return streamOffset;
  }

  /** Offset of the offending field from the PDU's first byte (the type byte). */
  public long offsetInPdu() {
    return offsetInPdu;
  }

  /** The A-ABORT reason for this error (see {@link Abort}). */
  public int abortReason() {
    return abortReason;
  }
}
