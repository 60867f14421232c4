package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.dimse.Command;
import dev.lightbox.dicom.net.dimse.CommandFormatException;
import dev.lightbox.dicom.net.pdu.Abort;
import dev.lightbox.dicom.net.pdu.PDataTf;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduType;
import dev.lightbox.dicom.net.pdu.Pdv;
import dev.lightbox.dicom.net.pdu.ReleaseRequest;
import dev.lightbox.dicom.net.pdu.ReleaseResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reassembles DIMSE messages from the PDVs of P-DATA-TF PDUs on an established association (PS3.8
 * Annex E, PS3.7 §6.3.1): command fragments up to the last one, then the data set as a stream of
 * its fragments. Enforces that PDVs name accepted contexts, that a message's fragments share one
 * context, and the read and idle timeouts.
 */
final class MessageReader {
  /** The peer asked to release (A-RELEASE-RQ) or answered our request (A-RELEASE-RP). */
  enum Release {
    REQUESTED, CONFIRMED
  }

  private final Socket socket;
  private final PduReader pdus;
  private final Map<Integer, AcceptedContext> contexts;
  private final AssociationOptions options;
  private final BooleanSupplier busy;
  private final BooleanSupplier writeStalled;
  private final ArrayDeque<Pdv> pending = new ArrayDeque<>();

  MessageReader(Socket socket, PduReader pdus, Map<Integer, AcceptedContext> contexts,
      AssociationOptions options, BooleanSupplier busy, BooleanSupplier writeStalled) {
    this.socket = socket;
    this.pdus = pdus;
    this.contexts = contexts;
    this.options = options;
    this.busy = busy;
    this.writeStalled = writeStalled;
  }

  /** The next message, or a {@link Release} when the peer sent A-RELEASE-RQ/-RP between messages. */
  Object next() throws IOException {
    ByteArrayOutputStream command = new ByteArrayOutputStream(256);
    AcceptedContext context = null;
    while (true) {
      Object item = nextItem(context != null);
      if (item instanceof Release) {
        return item;
      }
      Pdv pdv = (Pdv) item;
      if (!pdv.command()) {
        throw new ProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER,
            "data PDV on context " + pdv.contextId() + " without a preceding command");
      }
      if (context == null) {
        context = contexts.get(pdv.contextId());
        if (context == null) {
          throw new ProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
              "PDV for presentation context " + pdv.contextId() + ", which was not accepted");
        }
      } else if (pdv.contextId() != context.id()) {
        throw new ProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER, "command fragment on"
            + " context " + pdv.contextId() + " inside a command on context " + context.id());
      }
      if (command.size() + pdv.data().length > options.maxCommandLength()) {
        throw new ProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "command set longer"
            + " than " + options.maxCommandLength() + " bytes");
      }
      command.writeBytes(pdv.data());
      if (pdv.last()) {
        break;
      }
    }
    Command decoded;
    try {
      decoded = Command.decode(command.toByteArray());
    } catch (CommandFormatException e) {
      throw new ProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, e.getMessage());
    }
    InputStream data = decoded.hasDataSet() ? new PDataInputStream(this, context.id())
        : InputStream.nullInputStream();
    return new IncomingMessage(context, decoded, data);
  }

  /** The next data fragment of the message on {@code contextId}. */
  Pdv nextDataPdv(int contextId) throws IOException {
    Pdv pdv = (Pdv) nextItem(true);
    if (pdv.command() || pdv.contextId() != contextId) {
      throw new ProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER, (pdv.command()
          ? "command" : "data") + " PDV on context " + pdv.contextId()
          + " inside a data set on context " + contextId);
    }
    return pdv;
  }

  private Object nextItem(boolean midMessage) throws IOException {
    while (pending.isEmpty()) {
      Pdu pdu = readPdu(midMessage);
      if (pdu instanceof PDataTf p) {
        pending.addAll(p.values());
      } else if (pdu instanceof Abort a) {
        throw AssociationAbortedException.byPeer(a);
      } else if (!midMessage && pdu instanceof ReleaseRequest) {
        return Release.REQUESTED;
      } else if (!midMessage && pdu instanceof ReleaseResponse) {
        return Release.CONFIRMED;
      } else {
        throw ProtocolException.unexpectedPdu(PduType.name(pdu.type()) + " on an established"
            + " association" + (midMessage ? " inside a DIMSE message" : ""));
      }
    }
    return pending.poll();
  }

  private Pdu readPdu(boolean midMessage) throws IOException {
    while (true) {
      boolean waiting = midMessage || busy.getAsBoolean();
      long timeout = (waiting ? options.readTimeout() : options.idleTimeout()).toMillis();
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout)));
      try {
        return pdus.read();
      } catch (SocketTimeoutException e) {
        if (midMessage || pdus.midPdu()) {
          throw new TimeoutAbortException("peer stalled: nothing received for " + timeout
              + " ms inside a " + (pdus.midPdu() ? "PDU" : "DIMSE message"));
        }
        if (!busy.getAsBoolean()) {
          throw new TimeoutAbortException("association idle for " + timeout + " ms");
        }
        if (writeStalled.getAsBoolean()) {
          throw new TimeoutAbortException("peer stopped reading: a write blocked for over "
              + options.readTimeout().toMillis() + " ms");
        }
      }
    }
  }
}
