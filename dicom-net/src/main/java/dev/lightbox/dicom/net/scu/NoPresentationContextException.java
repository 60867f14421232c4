package dev.lightbox.dicom.net.scu;

import java.io.IOException;

/** The acceptor accepted no presentation context for what the SCU wants to send (PS3.8 §7.1.1.13). */
public final class NoPresentationContextException extends IOException {
  private static final long serialVersionUID = 1L;

  public NoPresentationContextException(String message) {
    super(message);
  }
}
