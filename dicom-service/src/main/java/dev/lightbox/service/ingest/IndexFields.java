package dev.lightbox.service.ingest;

import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.ingest.IngestRequest;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracts what the index keeps from a parsed header and refuses files that cannot be stored as an
 * instance: the SOP Instance, Series and Study UIDs are required (PS3.3 C.12.1, C.7.2.1, C.7.3.1)
 * and every UID must be 1–64 digits and dots (PS3.5 §9.1).
 */
final class IndexFields {
  private IndexFields() {}

  static IngestRequest extract(ParseResult parsed, String metadataJson, boolean replace)
      throws ServiceException {
    Dataset ds = parsed.dataset();
    Dataset meta = parsed.fileMeta();
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
        .or(() -> uid(meta, Tag.MEDIA_STORAGE_SOP_CLASS_UID)).orElse("");
    requireUid("SOPInstanceUID (0008,0018)", sop.get());
    requireUid("StudyInstanceUID (0020,000D)", study.get());
    requireUid("SeriesInstanceUID (0020,000E)", series.get());
    requireUid("SOPClassUID (0008,0016)", sopClass);
    String transferSyntax = parsed.transferSyntax().uid();
    requireUid("TransferSyntaxUID (0002,0010)", transferSyntax);
    int rows = Math.max(0, ds.integer(Tag.ROWS, 0));
    int columns = Math.max(0, ds.integer(Tag.COLUMNS, 0));
    // Number of Frames absent means one frame for an image (PS3.3 C.7.6.6).
    int frames = Math.max(0, ds.integer(Tag.NUMBER_OF_FRAMES, rows > 0 ? 1 : 0));
    AttributeValues.Builder builder = AttributeValues.builder();
    // Every declared attribute the file has (study/series ones are what QIDO-RS and C-FIND
    // return, PS3.18 Table 6.7.1-2); a value the index cannot hold is left out, not a refusal.
    for (IndexedAttribute a : IndexedAttribute.supplied()) {
      String v = ds.string(a.tag()).map(String::strip).orElse("");
      if (!v.isEmpty() && acceptable(a, v)) {
        builder.put(a, v);
      }
    }
    AttributeValues values = builder
        .put(IndexedAttribute.SOP_INSTANCE_UID, sop.get())
        .put(IndexedAttribute.STUDY_INSTANCE_UID, study.get())
        .put(IndexedAttribute.SERIES_INSTANCE_UID, series.get())
        .put(IndexedAttribute.SOP_CLASS_UID, sopClass)
        .put(IndexedAttribute.PATIENT_ID, fit(IndexedAttribute.PATIENT_ID, ds.string(Tag.PATIENT_ID).orElse("")))
        .put(IndexedAttribute.PATIENT_NAME, fit(IndexedAttribute.PATIENT_NAME, ds.string(Tag.PATIENT_NAME).orElse("")))
        .put(IndexedAttribute.STUDY_DATE, safeDate(ds).map(d -> d.format(DateTimeFormatter.BASIC_ISO_DATE)).orElse(""))
        .put(IndexedAttribute.MODALITY, fit(IndexedAttribute.MODALITY, ds.string(Tag.MODALITY).orElse("")))
        .put(IndexedAttribute.ROWS, rows > 0 ? Integer.toString(rows) : "")
        .put(IndexedAttribute.COLUMNS, columns > 0 ? Integer.toString(columns) : "")
        .put(IndexedAttribute.NUMBER_OF_FRAMES, frames > 0 ? Integer.toString(frames) : "")
        .build();
    return new IngestRequest(transferSyntax, values, metadataJson, replace);
  }

  private static boolean acceptable(IndexedAttribute a, String value) {
    try {
      AttributeValues.builder().put(a, value).build();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The value cut to what the index stores (it refuses longer values). */
  private static String fit(IndexedAttribute a, String value) {
    return value.length() > a.maxLength() ? value.substring(0, a.maxLength()) : value;
  }

  private static Optional<String> uid(Dataset ds, int tag) {
    return ds.string(tag).map(String::strip).filter(s -> !s.isEmpty());
  }


  private static void requireUid(String name, String value)
      throws ServiceException {
    if (!InstanceRecord.isValidUid(value)) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
      throw new ServiceException(Failure.INVALID_INSTANCE, name
          + " must be 1-64 digits and dots (PS3.5 §9.1), got " + (value.isEmpty() ? "nothing" : "'" + shown + "'"));
    }
  }

  private static Optional<java.time.LocalDate> safeDate(Dataset ds) {
    try {
      return ds.date(Tag.STUDY_DATE);
    } catch (RuntimeException e) {
      return Optional.empty(); // an unparseable date is a query key we cannot index, not a reason to refuse
    }
  }
}
