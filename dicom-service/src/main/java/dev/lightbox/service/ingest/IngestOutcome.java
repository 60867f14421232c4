package dev.lightbox.service.ingest;

import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.service.StoredInstance;
import java.util.List;
import java.util.Objects;

/**
 * A successful ingest: the stored instance, how the ingest ended and the defects the lenient
 * reader tolerated (each with its tag path and byte offset).
 */
public record IngestOutcome(StoredInstance instance, Status status, List<ParseProblem> warnings) {

  /** How a successful ingest ended. */
  public enum Status {
    /** A new instance. */
    STORED("stored"),
    /** The same bytes were already stored under this SOP Instance UID: nothing changed. */
    ALREADY_STORED("already-stored"),
    /** Different bytes replaced the stored instance, as the caller asked. */
    REPLACED("replaced");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    /** The status word of the DESIGN.md upload shape. */
    public String wireName() {
      return wireName;
    }
  }

  public IngestOutcome {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(status, "status");
    warnings = List.copyOf(warnings);
  }
}
