package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.PDataTf;
import dev.lightbox.dicom.net.pdu.PduWriter;
import dev.lightbox.dicom.net.pdu.Pdv;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Fragments a command or data set into P-DATA-TF PDUs of one PDV each, never longer than the
 * peer's Maximum Length Received (PS3.8 §D.1: the PDU length counts the 6-byte PDV header). A full
 * fragment is held until more bytes arrive, so the last fragment is never empty and carries the
 * last-fragment bit (PS3.8 Annex E.2). {@link #finish()} sends it; {@link #close()} does not, so
 * a failed writer never makes a partial data set look complete.
 */
final class PDataOutputStream extends OutputStream {
  private final PduWriter writer;
  private final int contextId;
  private final boolean command;
  private final byte[] buffer;
  private int count;

  PDataOutputStream(PduWriter writer, int contextId, boolean command, int maxPdvData) {
    this.writer = writer;
    this.contextId = contextId;
    this.command = command;
    this.buffer = new byte[maxPdvData];
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length) {
      emit(false);
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (count == buffer.length) {
        emit(false);
      }
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  /** Sends the held fragment with the last-fragment bit. */
  void finish() throws IOException {
    emit(true);
  }

  private void emit(boolean last) throws IOException {
    byte[] data = java.util.Arrays.copyOf(buffer, count);
    writer.write(new PDataTf(List.of(new Pdv(contextId, command, last, data))));
    count = 0;
  }
}
