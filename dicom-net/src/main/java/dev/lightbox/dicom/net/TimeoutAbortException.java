package dev.lightbox.dicom.net;

import java.io.IOException;

/** A timer expired: ARTIM (PS3.8 §9.1.5), a stalled peer inside a message, or an idle association. */
public final class TimeoutAbortException extends IOException {
  private static final long serialVersionUID = 1L;

  public TimeoutAbortException(String message) {
    super(message);
  }
}
