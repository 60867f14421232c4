package dev.lightbox.service.ingest;

import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.service.StoredInstance;
import java.util.List;
import java.util.Objects;

/**
 * A successful ingest: the stored instance, how the ingest ended and the defects the lenient
 * reader tolerated (each with its tag path and byte offset): the first {@link #MAX_WARNINGS} of
 * them, and how many there were in all ({@code warningCount}). A file with a defect in each of
 * 300,000 items would otherwise answer its upload with megabytes of repeated warnings.
 */
public record IngestOutcome(StoredInstance instance, Status status, List<ParseProblem> warnings,
    int warningCount) {

  /** Warnings kept and reported per file; the count says how many there were. */
  public static final int MAX_WARNINGS = 100;

  /** An outcome with every tolerated defect; more than {@link #MAX_WARNINGS} are cut to that. */
  public IngestOutcome(StoredInstance instance, Status status, List<ParseProblem> warnings) {
    this(instance, status, warnings.size() > MAX_WARNINGS
        ? warnings.subList(0, MAX_WARNINGS) : warnings, warnings.size());
  }

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
    warnings = List.copyOf(warnings.size() > MAX_WARNINGS
        ? warnings.subList(0, MAX_WARNINGS) : warnings);
    if (warningCount < warnings.size()) {
      throw new IllegalArgumentException("warningCount " + warningCount + " < "
          + warnings.size() + " warnings");
    }
  }

  /** True when more defects were tolerated than {@link #warnings} lists. */
  public boolean warningsTruncated() {
    return warningCount > warnings.size();
  }
}
