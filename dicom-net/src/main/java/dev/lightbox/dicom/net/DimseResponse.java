package dev.lightbox.dicom.net;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.net.dimse.Command;
import dev.lightbox.dicom.net.dimse.Status;

/** A response received by a requesting end: its command and its data set (EMPTY when none). */
public record DimseResponse(Command command, Dataset dataset) {
  public Status status() {
    return command.status();
  }
}
