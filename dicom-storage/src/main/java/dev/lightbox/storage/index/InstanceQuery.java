package dev.lightbox.storage.index;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for {@link InstanceIndex#list}: every present filter must match exactly (dates by
 * inclusive range). Results come in a stable order: creation time, then SOP Instance UID.
 */
public record InstanceQuery(
    Optional<String> patientId,
    Optional<String> studyInstanceUid,
    Optional<String> seriesInstanceUid,
    Optional<String> modality,
    Optional<LocalDate> studyDateFrom,
    Optional<LocalDate> studyDateTo,
    int limit,
    long offset) {

  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_LIMIT = 100;

  public InstanceQuery {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(studyDateFrom, "studyDateFrom");
    Objects.requireNonNull(studyDateTo, "studyDateTo");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " outside 1.." + MAX_LIMIT);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
  }

  /** No filters, the default page size, from the start. */
  public static InstanceQuery all() {
    return new InstanceQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), DEFAULT_LIMIT, 0);
  }

  public InstanceQuery patientId(String v) {
    return new InstanceQuery(Optional.of(v), studyInstanceUid, seriesInstanceUid, modality, studyDateFrom, studyDateTo, limit, offset);
  }

  public InstanceQuery studyInstanceUid(String v) {
    return new InstanceQuery(patientId, Optional.of(v), seriesInstanceUid, modality, studyDateFrom, studyDateTo, limit, offset);
  }

  public InstanceQuery seriesInstanceUid(String v) {
    return new InstanceQuery(patientId, studyInstanceUid, Optional.of(v), modality, studyDateFrom, studyDateTo, limit, offset);
  }

  public InstanceQuery modality(String v) {
    return new InstanceQuery(patientId, studyInstanceUid, seriesInstanceUid, Optional.of(v), studyDateFrom, studyDateTo, limit, offset);
  }

  /** Study Date within {@code [from, to]}, either end optional. */
  public InstanceQuery studyDate(Optional<LocalDate> from, Optional<LocalDate> to) {
    return new InstanceQuery(patientId, studyInstanceUid, seriesInstanceUid, modality, from, to, limit, offset);
  }

  public InstanceQuery page(int newLimit, long newOffset) {
    return new InstanceQuery(patientId, studyInstanceUid, seriesInstanceUid, modality, studyDateFrom, studyDateTo, newLimit, newOffset);
  }
}
