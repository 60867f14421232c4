package dev.lightbox.storage.index;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;

/** Builds plausible index rows for tests. */
final class Records {

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
    return new InstanceRecord(sopUid, "1.2.3.100", "1.2.3.100.1", "1.2.840.10008.5.1.4.1.1.2",
        "1.2.840.10008.1.2.1", "PAT-1", "Doe^Jane", Optional.of(LocalDate.of(2024, 1, 19)), "CT",
        512, 512, 1, 39206, sha, keyOf(sha), created,
        "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}}");
  }

  static InstanceRecord with(InstanceRecord r, String patientId, String study, String series,
      String modality, Optional<LocalDate> date) {
    return new InstanceRecord(r.sopInstanceUid(), study, series, r.sopClassUid(), r.transferSyntaxUid(),
        patientId, r.patientName(), date, modality, r.rows(), r.columns(), r.frames(), r.size(),
        r.sha256(), r.blobKey(), r.created(), r.metadataJson());
  }
}
