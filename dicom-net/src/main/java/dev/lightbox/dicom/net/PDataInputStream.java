package dev.lightbox.dicom.net;

import dev.lightbox.dicom.net.pdu.Pdv;
import java.io.IOException;
import java.io.InputStream;

/**
 * The data set of one DIMSE message, read fragment by fragment from P-DATA-TF PDUs (PS3.8 Annex E):
 * at most one PDV is held at a time. A failure (abort, protocol error, timeout) is remembered and
 * thrown again by every later read, so a reader that swallowed it still cannot mistake a partial
 * data set for a whole one.
 */
final class PDataInputStream extends InputStream {
  private final MessageReader reader;
  private final int contextId;
  private byte[] fragment = new byte[0];
  private int pos;
  private boolean last;
  private IOException failure;

  PDataInputStream(MessageReader reader, int contextId) {
    this.reader = reader;
    this.contextId = contextId;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return fragment[pos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, fragment.length - pos);
    System.arraycopy(fragment, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return fragment.length - pos;
  }

  /** Reads and discards the rest of the data set. */
  void drain() throws IOException {
    while (fill()) {
      pos = fragment.length;
    }
  }

  private boolean fill() throws IOException {
    if (failure != null) {
      throw failure;
    }
    while (pos == fragment.length) {
      if (last) {
        return false;
      }
      try {
        Pdv pdv = reader.nextDataPdv(contextId);
        fragment = pdv.data();
        pos = 0;
        last = pdv.last();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
    return true;
  }
}
