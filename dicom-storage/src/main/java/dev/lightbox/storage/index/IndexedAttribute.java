package dev.lightbox.storage.index;

import static dev.lightbox.storage.index.QueryLevel.INSTANCE;
import static dev.lightbox.storage.index.QueryLevel.PATIENT;
import static dev.lightbox.storage.index.QueryLevel.SERIES;
import static dev.lightbox.storage.index.QueryLevel.STUDY;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one declaration of what the index keeps per instance and answers queries on: the matching
 * and return keys of QIDO-RS (PS3.18 Table 6.7.1-2 and its study/series/instance parts) and of the
 * C-FIND Patient Root and Study Root information models (PS3.4 C.6.1.1, C.6.2.1). Each constant
 * drives the record ({@link AttributeValues}), the DDL, parameter binding and matching.
 *
 * <p>{@link #computed()} attributes are maintained by the index from the instances it holds
 * (PS3.4 C.3.4 "Additional Query/Retrieve Attributes") and cannot be supplied by a caller.
 *
 * <p>Adding an attribute: declare it here with {@code since} = the next schema version, and add
 * {@code AddAttributes(version)} to {@link Migrations}; see docs/storage.md.
 */
public enum IndexedAttribute {
  // Patient (PS3.4 C.6.1.1.2, Table C.6-1)
  PATIENT_NAME(0x00100010, "PatientName", PATIENT, "patient_name", ValueKind.PERSON_NAME, 194, true),
  PATIENT_ID(0x00100020, "PatientID", PATIENT, "patient_id", ValueKind.STRING, 64, true),
  ISSUER_OF_PATIENT_ID(0x00100021, "IssuerOfPatientID", PATIENT, "issuer_of_patient_id", ValueKind.STRING, 64, false),
  PATIENT_BIRTH_DATE(0x00100030, "PatientBirthDate", PATIENT, "patient_birth_date", ValueKind.DATE, 8, false),
  PATIENT_SEX(0x00100040, "PatientSex", PATIENT, "patient_sex", ValueKind.STRING, 16, false),
  NUMBER_OF_PATIENT_RELATED_STUDIES(0x00201200, "NumberOfPatientRelatedStudies", PATIENT,
      "number_of_patient_related_studies", ValueKind.INTEGER, 12, false, true),
  NUMBER_OF_PATIENT_RELATED_SERIES(0x00201202, "NumberOfPatientRelatedSeries", PATIENT,
      "number_of_patient_related_series", ValueKind.INTEGER, 12, false, true),
  NUMBER_OF_PATIENT_RELATED_INSTANCES(0x00201204, "NumberOfPatientRelatedInstances", PATIENT,
      "number_of_patient_related_instances", ValueKind.INTEGER, 12, false, true),

  // Study (PS3.4 C.6.2.1.2, Table C.6-5)
  STUDY_INSTANCE_UID(0x0020000D, "StudyInstanceUID", STUDY, "study_instance_uid", ValueKind.UID, 64, false),
  STUDY_DATE(0x00080020, "StudyDate", STUDY, "study_date", ValueKind.DATE, 8, true),
  STUDY_TIME(0x00080030, "StudyTime", STUDY, "study_time", ValueKind.TIME, 16, false),
  ACCESSION_NUMBER(0x00080050, "AccessionNumber", STUDY, "accession_number", ValueKind.STRING, 16, true),
  REFERRING_PHYSICIAN_NAME(0x00080090, "ReferringPhysicianName", STUDY, "referring_physician_name",
      ValueKind.PERSON_NAME, 194, false),
  STUDY_ID(0x00200010, "StudyID", STUDY, "study_id", ValueKind.STRING, 16, false),
  STUDY_DESCRIPTION(0x00081030, "StudyDescription", STUDY, "study_description", ValueKind.STRING, 64, false),
  MODALITIES_IN_STUDY(0x00080061, "ModalitiesInStudy", STUDY, "modalities_in_study", ValueKind.STRING,
      4096, false, true),
  SOP_CLASSES_IN_STUDY(0x00080062, "SOPClassesInStudy", STUDY, "sop_classes_in_study", ValueKind.UID,
      65_536, false, true),
  NUMBER_OF_STUDY_RELATED_SERIES(0x00201206, "NumberOfStudyRelatedSeries", STUDY,
      "number_of_study_related_series", ValueKind.INTEGER, 12, false, true),
  NUMBER_OF_STUDY_RELATED_INSTANCES(0x00201208, "NumberOfStudyRelatedInstances", STUDY,
      "number_of_study_related_instances", ValueKind.INTEGER, 12, false, true),

  // Series (PS3.4 C.6.2.1.3, Table C.6-6; PS3.18 Table 6.7.1-2a)
  SERIES_INSTANCE_UID(0x0020000E, "SeriesInstanceUID", SERIES, "series_instance_uid", ValueKind.UID, 64, false),
  MODALITY(0x00080060, "Modality", SERIES, "modality", ValueKind.STRING, 16, true),
  SERIES_NUMBER(0x00200011, "SeriesNumber", SERIES, "series_number", ValueKind.INTEGER, 12, false),
  SERIES_DESCRIPTION(0x0008103E, "SeriesDescription", SERIES, "series_description", ValueKind.STRING, 64, false),
  PERFORMED_PROCEDURE_STEP_START_DATE(0x00400244, "PerformedProcedureStepStartDate", SERIES,
      "pps_start_date", ValueKind.DATE, 8, false),
  PERFORMED_PROCEDURE_STEP_START_TIME(0x00400245, "PerformedProcedureStepStartTime", SERIES,
      "pps_start_time", ValueKind.TIME, 16, false),
  NUMBER_OF_SERIES_RELATED_INSTANCES(0x00201209, "NumberOfSeriesRelatedInstances", SERIES,
      "number_of_series_related_instances", ValueKind.INTEGER, 12, false, true),

  // Instance (PS3.4 C.6.2.1.4, Table C.6-7; PS3.18 Table 6.7.1-2b)
  SOP_INSTANCE_UID(0x00080018, "SOPInstanceUID", INSTANCE, "sop_instance_uid", ValueKind.UID, 64, false),
  SOP_CLASS_UID(0x00080016, "SOPClassUID", INSTANCE, "sop_class_uid", ValueKind.UID, 64, false),
  INSTANCE_NUMBER(0x00200013, "InstanceNumber", INSTANCE, "instance_number", ValueKind.INTEGER, 12, false),
  ROWS(0x00280010, "Rows", INSTANCE, "pixel_rows", ValueKind.INTEGER, 12, false),
  COLUMNS(0x00280011, "Columns", INSTANCE, "pixel_columns", ValueKind.INTEGER, 12, false),
  BITS_ALLOCATED(0x00280100, "BitsAllocated", INSTANCE, "bits_allocated", ValueKind.INTEGER, 12, false),
  NUMBER_OF_FRAMES(0x00280008, "NumberOfFrames", INSTANCE, "frame_count", ValueKind.INTEGER, 12, false);

  /**
   * The schema version whose migration created the newest attribute. Instance rows indexed with an
   * older declaration ({@code index_version} below this) are listed by
   * {@link InstanceIndex#staleInstances} for re-indexing.
   */
  public static final int DECLARATION_VERSION = 2;

  private static final Map<Integer, IndexedAttribute> BY_TAG = new HashMap<>();
  private static final Map<String, IndexedAttribute> BY_KEYWORD = new HashMap<>();

  static {
    for (IndexedAttribute a : values()) {
      BY_TAG.put(a.tag, a);
      BY_KEYWORD.put(a.keyword, a);
    }
  }

  private final int tag;
  private final String keyword;
  private final QueryLevel level;
  private final String column;
  private final ValueKind kind;
  private final int maxLength;
  private final boolean indexed;
  private final boolean computed;
  private final int since;

  IndexedAttribute(int tag, String keyword, QueryLevel level, String column, ValueKind kind,
      int maxLength, boolean indexed) {
    this(tag, keyword, level, column, kind, maxLength, indexed, false);
  }

  IndexedAttribute(int tag, String keyword, QueryLevel level, String column, ValueKind kind,
      int maxLength, boolean indexed, boolean computed) {
    this.tag = tag;
    this.keyword = keyword;
    this.level = level;
    this.column = column;
    this.kind = kind;
    this.maxLength = maxLength;
    this.indexed = indexed;
    this.computed = computed;
    this.since = 2;
  }

  /** The DICOM tag as {@code 0xGGGGEEEE}. */
  public int tag() {
    return tag;
  }

  /** The PS3.6 keyword, e.g. {@code PatientName}. */
  public String keyword() {
    return keyword;
  }

  public QueryLevel level() {
    return level;
  }

  /** The SQL column that holds the value (same name in every table that holds it). */
  public String column() {
    return column;
  }

  public ValueKind kind() {
    return kind;
  }

  /** The longest value (in characters, multi-values joined with backslashes) the index stores. */
  public int maxLength() {
    return maxLength;
  }

  /** True when the level's table has a database index on this attribute. */
  public boolean indexed() {
    return indexed;
  }

  /** True when the index maintains the value itself; callers never supply it. */
  public boolean computed() {
    return computed;
  }

  /** The schema version that added this attribute's columns. */
  public int since() {
    return since;
  }

  /** For PERSON_NAME: the column holding the upper-cased value for fuzzy matching. */
  String normalizedColumn() {
    return column + "_norm";
  }

  /** For TIME and DATETIME: the column holding the full-precision sortable key. */
  String keyColumn() {
    return column + "_key";
  }

  /** True when the level's table carries a derived column besides the value. */
  boolean hasDerivedColumn() {
    return kind == ValueKind.PERSON_NAME || kind == ValueKind.TIME || kind == ValueKind.DATETIME;
  }

  /**
   * Why {@code value} cannot be indexed as this attribute (its format or its length), or empty
   * when it can; callers drop or shorten such values before building {@link AttributeValues}.
   */
  public Optional<String> problemWith(String value) {
    String problem = ValueFormats.problem(kind, value);
    if (problem != null) {
      return Optional.of(problem);
    }
    return value.length() > maxLength
        ? Optional.of("is longer than the " + maxLength + " characters the index stores")
        : Optional.empty();
  }

  /** {@code Keyword (GGGG,EEEE)}, used in every message about this attribute. */
  public String describe() {
    return keyword + " " + String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }

  public static Optional<IndexedAttribute> forTag(int tag) {
    return Optional.ofNullable(BY_TAG.get(tag));
  }

  public static Optional<IndexedAttribute> forKeyword(String keyword) {
    return Optional.ofNullable(BY_KEYWORD.get(keyword));
  }

  /** Every attribute a caller supplies (not computed), in declaration order. */
  public static List<IndexedAttribute> supplied() {
    return Arrays.stream(values()).filter(a -> !a.computed).toList();
  }

  /** Attributes whose home is {@code level}, in declaration order. */
  public static List<IndexedAttribute> ofLevel(QueryLevel level) {
    return Arrays.stream(values()).filter(a -> a.level == level).toList();
  }
}
