package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.dimse.Status;

/** Thrown by a provider to answer a request with a specific failure status (PS3.7 Annex C). */
public final class DimseStatusException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  public DimseStatusException(Status status) {
    super(status.toString());
    this.status = status;
  }

  public DimseStatusException(int code, String comment) {
    this(Status.of(code, comment));
  }

  public Status status() {
    return status;
  }
}
