package dev.lightbox.http.service;

import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.ingest.IngestStatus;
import java.util.List;

/**
 * Outcome of one upload in the shape DESIGN.md fixes: the stored record, how the ingest ended and
 * the defects the lenient reader tolerated.
 */
public record UploadResult(InstanceRecord record, IngestStatus status, List<ParseProblem> warnings) {
  public UploadResult {
    warnings = List.copyOf(warnings);
  }

  /** The wire name of the status: {@code stored}, {@code already-stored} or {@code replaced}. */
  public String statusName() {
    return switch (status) {
      case STORED -> "stored";
      case ALREADY_STORED -> "already-stored";
      case REPLACED -> "replaced";
    };
  }
}
