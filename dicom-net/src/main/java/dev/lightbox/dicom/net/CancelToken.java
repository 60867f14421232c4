package dev.lightbox.dicom.net;

/** Set when the peer sends C-CANCEL-RQ for a running operation (PS3.7 §9.3.2.3, §9.3.4.3). */
public final class CancelToken {
  private volatile boolean cancelled;

  public boolean cancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }
}
