package dev.lightbox.service.ingest;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.PersonName;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Uids;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.ValueKind;
import dev.lightbox.storage.ingest.IngestRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracts what the index keeps from a parsed header, driven by the one declaration of indexed
 * attributes ({@link IndexedAttribute}), and refuses files that cannot be stored as an instance:
 * the SOP Instance, Series and Study UIDs are required (PS3.3 C.12.1, C.7.2.1, C.7.3.1) and every
 * UID must be 1–64 digits and dots (PS3.5 §9.1).
 *
 * <p>Other values are query keys, not reasons to refuse a file: a value the index cannot hold in
 * its declared form (an unparseable date, a non-integer number) is left unindexed, and text longer
 * than the declared maximum is indexed by its first characters. The metadata document keeps every
 * value whole either way.
 */
final class IndexFields {
  private IndexFields() {}

  static IngestRequest extract(ParseResult parsed, String metadataDocument, boolean replace)
      throws ServiceException {
    return new IngestRequest(parsed.transferSyntax().uid(), values(parsed), metadataDocument,
        replace);
  }

  /** The indexed values of a parsed header, or INVALID_INSTANCE when its identity is unusable. */
  static AttributeValues values(ParseResult parsed) throws ServiceException {
    Dataset ds = parsed.dataset();
    Optional<String> sop = uid(ds, Tag.SOP_INSTANCE_UID);
    Optional<String> study = uid(ds, Tag.STUDY_INSTANCE_UID);
    Optional<String> series = uid(ds, Tag.SERIES_INSTANCE_UID);
    List<String> missing = new ArrayList<>();
    if (sop.isEmpty()) {
      missing.add("SOPInstanceUID (0008,0018)");
    }
    if (series.isEmpty()) {
      missing.add("SeriesInstanceUID (0020,000E)");
    }
    if (study.isEmpty()) {
      missing.add("StudyInstanceUID (0020,000D)");
    }
    if (!missing.isEmpty()) {
      throw new ServiceException(Failure.INVALID_INSTANCE,
          "required attributes missing: " + String.join(", ", missing));
    }
    // SOP Class UID is Type 1 in SOP Common; fall back to the File Meta copy (PS3.10 §7.1).
    String sopClass = uid(ds, Tag.SOP_CLASS_UID)
        .or(() -> uid(parsed.fileMeta(), Tag.MEDIA_STORAGE_SOP_CLASS_UID)).orElse("");
    requireUid("SOPInstanceUID (0008,0018)", sop.get());
    requireUid("StudyInstanceUID (0020,000D)", study.get());
    requireUid("SeriesInstanceUID (0020,000E)", series.get());
    requireUid("SOPClassUID (0008,0016)", sopClass);
    String transferSyntax = parsed.transferSyntax().uid();
    requireUid("TransferSyntaxUID (0002,0010)", transferSyntax);

    AttributeValues.Builder values = AttributeValues.builder();
    for (IndexedAttribute a : IndexedAttribute.supplied()) {
      indexable(a, text(ds, a)).ifPresent(v -> values.put(a, v));
    }
    values.put(IndexedAttribute.SOP_INSTANCE_UID, sop.get());
    values.put(IndexedAttribute.STUDY_INSTANCE_UID, study.get());
    values.put(IndexedAttribute.SERIES_INSTANCE_UID, series.get());
    values.put(IndexedAttribute.SOP_CLASS_UID, sopClass);
    return values.build();
  }

  /** The attribute's value in DICOM string form (values joined with backslashes, PS3.5 §6.4). */
  private static String text(Dataset ds, IndexedAttribute a) {
    if (a.kind() == ValueKind.INTEGER) {
      long[] numbers = ds.longs(a.tag()); // IS text and binary US/UL alike
      return numbers.length == 0 ? "" : Long.toString(numbers[0]);
    }
    List<String> all = ds.strings(a.tag());
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        b.append('\\');
      }
      String v = all.get(i) == null ? "" : all.get(i).strip();
      // PS3.5 Table 6.2-1: spaces around PN components are insignificant (PersonName.normalize)
      b.append(a.kind() == ValueKind.PERSON_NAME ? PersonName.normalize(v) : v);
    }
    String value = b.toString();
    return switch (a.kind()) {
      case DATE -> value.replace(".", ""); // ACR-NEMA YYYY.MM.DD (PS3.5 §6.2 DA note)
      case TIME -> value.replace(":", ""); // ACR-NEMA HH:MM:SS (PS3.5 §6.2 TM note)
      default -> value;
    };
  }

  /** The value as the index can hold it: shortened text, or nothing for an unusable format. */
  private static Optional<String> indexable(IndexedAttribute a, String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    boolean text = a.kind() == ValueKind.STRING || a.kind() == ValueKind.PERSON_NAME;
    if (text && value.length() > a.maxLength()) {
      int end = a.maxLength();
      if (Character.isHighSurrogate(value.charAt(end - 1))) {
        end--; // never split a surrogate pair
      }
      value = value.substring(0, end);
    }
    return a.problemWith(value).isPresent() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> uid(Dataset ds, int tag) {
    return ds.string(tag).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static void requireUid(String name, String value) throws ServiceException {
    if (!Uids.isValid(value)) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
      throw new ServiceException(Failure.INVALID_INSTANCE, name
          + " must be 1-64 digits and dots (PS3.5 §9.1), got "
          + (value.isEmpty() ? "nothing" : "'" + shown + "'"));
    }
  }
}
