package dev.lightbox.storage.index;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;

/** Builds plausible index rows for tests. */
final class Records {

  static final String DOCUMENT = "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}}";

  private Records() {}

  static String sha(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) (n >>> 24);
    b[1] = (byte) (n >>> 16);
    b[2] = (byte) (n >>> 8);
    b[3] = (byte) n;
    b[31] = 0x5a;
    return HexFormat.of().formatHex(b);
  }

  static String keyOf(String sha) {
    return "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
  }

  static InstanceRecord record(String sopUid, int shaSeed, Instant created) {
    String sha = sha(shaSeed);
    AttributeValues values = AttributeValues.builder()
        .put(IndexedAttribute.PATIENT_ID, "PAT-1").put(IndexedAttribute.PATIENT_NAME, "Doe^Jane")
        .put(IndexedAttribute.STUDY_DATE, "20240119").put(IndexedAttribute.MODALITY, "CT")
        .put(IndexedAttribute.ROWS, "512").put(IndexedAttribute.COLUMNS, "512")
        .put(IndexedAttribute.NUMBER_OF_FRAMES, "1").build();
    return new InstanceRecord(sopUid, "1.2.3.100", "1.2.3.100.1", "1.2.840.10008.5.1.4.1.1.2",
        "1.2.840.10008.1.2.1", 39206, sha, keyOf(sha), created, values);
  }

  /** {@code r} in another study/series with other patient, modality and date. */
  static InstanceRecord with(InstanceRecord r, String patientId, String study, String series,
      String modality, Optional<LocalDate> date) {
    AttributeValues v = r.values()
        .with(IndexedAttribute.STUDY_INSTANCE_UID, "").with(IndexedAttribute.SERIES_INSTANCE_UID, "")
        .with(IndexedAttribute.PATIENT_ID, patientId).with(IndexedAttribute.MODALITY, modality)
        .with(IndexedAttribute.STUDY_DATE, date.map(DateTimeFormatter.BASIC_ISO_DATE::format).orElse(""));
    return new InstanceRecord(r.sopInstanceUid(), study, series, r.sopClassUid(), r.transferSyntaxUid(),
        r.size(), r.sha256(), r.blobKey(), r.created(), v);
  }

  /** An instance with exactly {@code values} (plus identity) in the given study and series. */
  static InstanceRecord instance(String sop, String study, String series, String sopClass, int shaSeed,
      Instant created, AttributeValues values) {
    String sha = sha(shaSeed);
    return new InstanceRecord(sop, study, series, sopClass, "1.2.840.10008.1.2.1", 1000, sha, keyOf(sha),
        created, values);
  }
}
