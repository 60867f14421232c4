package dev.lightbox.storage.index;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One stored instance as the index keeps it: identity (PS3.3 C.12.1 SOP Common, C.7.2.1 General
 * Study, C.7.3.1 General Series), the query keys, pixel geometry, where its bytes are, and the DICOM
 * JSON (PS3.18 F.2) the caller extracted for attribute queries.
 *
 * <p>Text attributes that were absent in the file are the empty string (as an empty value, PS3.5
 * §7.4); numeric ones are 0 (no Rows/Columns: not an image; Number of Frames absent counts as 1 for
 * images but is stored as given).
 *
 * @param metadataJson DICOM JSON of the header, stored verbatim; not interpreted by this module
 */
public record InstanceRecord(
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
    long size,
    String sha256,
    String blobKey,
    Instant created,
    String metadataJson) {

  /** PS3.5 §9.1: a UID is at most 64 characters of digits and dots. */
  private static final Pattern UID = Pattern.compile("[0-9.]{1,64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public InstanceRecord {
    requireUid("SOP Instance UID", sopInstanceUid);
    requireUid("Study Instance UID", studyInstanceUid);
    requireUid("Series Instance UID", seriesInstanceUid);
    requireUid("SOP Class UID", sopClassUid);
    requireUid("Transfer Syntax UID", transferSyntaxUid);
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(patientName, "patientName");
    Objects.requireNonNull(studyDate, "studyDate");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(blobKey, "blobKey");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(metadataJson, "metadataJson");
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
    }
    if (rows < 0 || columns < 0 || frames < 0 || size < 0) {
      throw new IllegalArgumentException("negative rows/columns/frames/size: " + rows + "/" + columns
          + "/" + frames + "/" + size);
    }
    // The index keeps millisecond precision; normalise so a read-back record equals the written one.
    created = Instant.ofEpochMilli(created.toEpochMilli());
  }

  /** True when {@code uid} is 1–64 characters of digits and dots (PS3.5 §9.1). */
  public static boolean isValidUid(String uid) {
    return uid != null && UID.matcher(uid).matches();
  }

  private static void requireUid(String name, String uid) {
    if (!isValidUid(uid)) {
      throw new IllegalArgumentException(name + " must be 1-64 digits and dots, got "
          + (uid == null ? "nothing" : '"' + (uid.length() > 80 ? uid.substring(0, 80) + "…" : uid) + '"'));
    }
  }
}
