package dev.lightbox.service.ingest;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Uids;
import java.util.Objects;
import java.util.Optional;

/**
 * The SOP Class and SOP Instance UIDs of a received file as far as they are known (the SOP
 * Instance Reference Macro, PS3.3 Table 10-11, that STOW-RS and C-STORE answers carry). A refused
 * file may have both, one or neither: bytes that are not DICOM have no identity, a header that
 * breaks before (0008,0018) has only what came before the break. Only values that are valid UIDs
 * (PS3.5 §9.1) are kept, so an answer never echoes garbage as a UI value.
 */
public record SopReference(Optional<String> sopClassUid, Optional<String> sopInstanceUid) {

  /** Nothing is known (not DICOM, or the header broke before both UIDs). */
  public static final SopReference UNKNOWN = new SopReference(Optional.empty(), Optional.empty());

  public SopReference {
    Objects.requireNonNull(sopClassUid, "sopClassUid");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
  }

  /** The reference of a stored instance. */
  public static SopReference of(StoredInstance instance) {
    return new SopReference(valid(instance.sopClassUid()), valid(instance.sopInstanceUid()));
  }

  /**
   * The reference a (possibly partial) header gives: SOP Class UID (0008,0016) and SOP Instance
   * UID (0008,0018) of the dataset, else their File Meta copies (0002,0002) and (0002,0003)
   * (PS3.10 §7.1).
   */
  public static SopReference of(Dataset fileMeta, Dataset dataset) {
    return new SopReference(
        uid(dataset, Tag.SOP_CLASS_UID).or(() -> uid(fileMeta, Tag.MEDIA_STORAGE_SOP_CLASS_UID)),
        uid(dataset, Tag.SOP_INSTANCE_UID)
            .or(() -> uid(fileMeta, Tag.MEDIA_STORAGE_SOP_INSTANCE_UID)));
  }

  static SopReference of(ParseResult parsed) {
    return of(parsed.fileMeta(), parsed.dataset());
  }

  public boolean isKnown() {
    return sopClassUid.isPresent() || sopInstanceUid.isPresent();
  }

  private static Optional<String> uid(Dataset ds, int tag) {
    return ds.string(tag).flatMap(SopReference::valid);
  }

  private static Optional<String> valid(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    return Uids.isValid(v) ? Optional.of(v) : Optional.empty();
  }
}
