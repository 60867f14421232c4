package dev.lightbox.storage.index;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One stored instance as the index keeps it: identity (PS3.3 C.12.1 SOP Common, C.7.2.1 General
 * Study, C.7.3.1 General Series, and the transfer syntax it was stored in), where its bytes are,
 * and the values of the {@link IndexedAttribute}s the caller extracted from its header.
 *
 * <p>The identity UIDs are also {@link #values()}: the constructor adds them, and refuses values
 * that name a different UID. Computed attributes cannot be part of a record. The metadata document
 * is not part of the record; see {@link InstanceIndex#metadata}.
 *
 * @param values the instance's own attribute values (validated by {@link AttributeValues})
 */
public record InstanceRecord(
    String sopInstanceUid,
    String studyInstanceUid,
    String seriesInstanceUid,
    String sopClassUid,
    String transferSyntaxUid,
    long size,
    String sha256,
    String blobKey,
    Instant created,
    AttributeValues values) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

  public InstanceRecord {
    requireUid("SOP Instance UID", sopInstanceUid);
    requireUid("Study Instance UID", studyInstanceUid);
    requireUid("Series Instance UID", seriesInstanceUid);
    requireUid("SOP Class UID", sopClassUid);
    requireUid("Transfer Syntax UID", transferSyntaxUid);
    Objects.requireNonNull(blobKey, "blobKey");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(values, "values");
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    for (IndexedAttribute a : values.asMap().keySet()) {
      if (a.computed()) {
        throw new IllegalArgumentException(a.describe() + " is computed by the index and cannot be supplied");
      }
    }
    values = withIdentity(values, IndexedAttribute.SOP_INSTANCE_UID, sopInstanceUid);
    values = withIdentity(values, IndexedAttribute.STUDY_INSTANCE_UID, studyInstanceUid);
    values = withIdentity(values, IndexedAttribute.SERIES_INSTANCE_UID, seriesInstanceUid);
    values = withIdentity(values, IndexedAttribute.SOP_CLASS_UID, sopClassUid);
    // The index keeps millisecond precision; normalise so a read-back record equals the written one.
    created = Instant.ofEpochMilli(created.toEpochMilli());
  }

  /**
   * A record whose identity UIDs come from {@code values} (they must be present there).
   *
   * @throws IllegalArgumentException naming the missing or malformed UID
   */
  public static InstanceRecord of(String transferSyntaxUid, long size, String sha256, String blobKey,
      Instant created, AttributeValues values) {
    return new InstanceRecord(required(values, IndexedAttribute.SOP_INSTANCE_UID),
        required(values, IndexedAttribute.STUDY_INSTANCE_UID),
        required(values, IndexedAttribute.SERIES_INSTANCE_UID),
        required(values, IndexedAttribute.SOP_CLASS_UID), transferSyntaxUid, size, sha256, blobKey,
        created, values);
  }

  /** The same instance with other attribute values (identity unchanged). */
  public InstanceRecord withValues(AttributeValues newValues) {
    return new InstanceRecord(sopInstanceUid, studyInstanceUid, seriesInstanceUid, sopClassUid,
        transferSyntaxUid, size, sha256, blobKey, created, newValues);
  }

  /** Patient ID (0010,0020), "" when absent. */
  public String patientId() {
    return values.getOrEmpty(IndexedAttribute.PATIENT_ID);
  }

  /** Patient's Name (0010,0010) as stored, "" when absent. */
  public String patientName() {
    return values.getOrEmpty(IndexedAttribute.PATIENT_NAME);
  }

  /** Study Date (0008,0020), empty when absent or not a calendar date. */
  public Optional<LocalDate> studyDate() {
    return values.get(IndexedAttribute.STUDY_DATE).flatMap(d -> {
      try {
        return Optional.of(LocalDate.parse(d, DA));
      } catch (DateTimeParseException e) {
        return Optional.empty(); // eight digits that are no date, e.g. 20240230
      }
    });
  }

  /** Modality (0008,0060), "" when absent. */
  public String modality() {
    return values.getOrEmpty(IndexedAttribute.MODALITY);
  }

  /** Rows (0028,0010), 0 when absent (not an image). */
  public int rows() {
    return integer(IndexedAttribute.ROWS, 0);
  }

  /** Columns (0028,0011), 0 when absent. */
  public int columns() {
    return integer(IndexedAttribute.COLUMNS, 0);
  }

  /** Number of Frames (0028,0008); absent means one frame for an image (PS3.3 C.7.6.6), else 0. */
  public int frames() {
    return integer(IndexedAttribute.NUMBER_OF_FRAMES, rows() > 0 ? 1 : 0);
  }

  private int integer(IndexedAttribute a, int absent) {
    return values.get(a).map(v -> Math.max(0, Integer.parseInt(v.startsWith("+") ? v.substring(1) : v)))
        .orElse(absent);
  }

  /** True when {@code uid} is 1–64 characters of digits and dots (PS3.5 §9.1). */
  public static boolean isValidUid(String uid) {
    return uid != null && ValueFormats.UID.matcher(uid).matches();
  }

  private static String required(AttributeValues values, IndexedAttribute a) {
    return values.get(a).orElseThrow(() -> new IllegalArgumentException(a.describe() + " is required"));
  }

  private static AttributeValues withIdentity(AttributeValues values, IndexedAttribute a, String uid) {
    Optional<String> given = values.get(a);
    if (given.isPresent()) {
      if (!given.get().equals(uid)) {
        throw new IllegalArgumentException(a.describe() + " in the values (" + given.get()
            + ") differs from the record's " + uid);
      }
      return values;
    }
    return values.withValid(a, uid);
  }

  private static void requireUid(String name, String uid) {
    if (!isValidUid(uid)) {
      throw new IllegalArgumentException(name + " must be 1-64 digits and dots, got "
          + (uid == null ? "nothing" : '"' + (uid.length() > 80 ? uid.substring(0, 80) + "…" : uid) + '"'));
    }
  }
}
