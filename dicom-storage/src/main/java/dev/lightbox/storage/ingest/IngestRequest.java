package dev.lightbox.storage.ingest;

import dev.lightbox.storage.index.InstanceRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller extracted from a DICOM file for the index (this module does not parse DICOM).
 * Text attributes absent from the file are "", numeric ones 0; see {@link InstanceRecord}.
 *
 * @param replace store over an existing instance with different content instead of refusing
 */
public record IngestRequest(
    String sopInstanceUid,
    String studyInstanceUid,
    String seriesInstanceUid,
    String sopClassUid,
    String transferSyntaxUid,
    String patientId,
    String patientName,
    Optional<LocalDate> studyDate,
    String modality,
    int rows,
    int columns,
    int frames,
    String metadataJson,
    boolean replace) {

  public IngestRequest {
    Objects.requireNonNull(studyDate, "studyDate");
    Objects.requireNonNull(metadataJson, "metadataJson");
  }

  /** The same request asking to replace conflicting content. */
  public IngestRequest withReplace(boolean newReplace) {
    return new IngestRequest(sopInstanceUid, studyInstanceUid, seriesInstanceUid, sopClassUid,
        transferSyntaxUid, patientId, patientName, studyDate, modality, rows, columns, frames,
        metadataJson, newReplace);
  }

  /** The index row for this request stored as {@code blobKey}; validates UIDs (PS3.5 §9.1). */
  InstanceRecord toRecord(String blobKey, long size, String sha256, Instant created) {
    return new InstanceRecord(sopInstanceUid, studyInstanceUid, seriesInstanceUid, sopClassUid,
        transferSyntaxUid, nonNull(patientId), nonNull(patientName), studyDate, nonNull(modality),
        rows, columns, frames, size, sha256, blobKey, created, metadataJson);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
