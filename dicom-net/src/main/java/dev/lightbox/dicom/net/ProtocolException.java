package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.Abort;
import java.io.IOException;

/**
 * A peer broke the upper layer protocol in a way a well-formed PDU can still show: a PDU not
 * allowed in the current state (PS3.8 §9.2.3), PDVs of an unknown presentation context, data
 * before its command. The association answers with A-ABORT carrying {@link #abortReason()}.
 */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int abortReason;

  public ProtocolException(int abortReason, String message) {
    super(message);
    this.abortReason = abortReason;
  }

  public static ProtocolException unexpectedPdu(String message) {
    return new ProtocolException(Abort.REASON_UNEXPECTED_PDU, message);
  }

  public int abortReason() {
    return abortReason;
  }
}
