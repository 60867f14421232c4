package dev.lightbox.storage.index;

import static dev.lightbox.storage.index.IndexedAttribute.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Matching (PS3.4 C.2.2.2) at every level over a small fixed archive: universal, single value,
 * UID list, wildcard, range and fuzzy person-name matching; higher-level keys; order and paging.
 */
public abstract class IndexQueryContract extends HierarchyContract {

  /** Five instances in three studies of two patients; each test below starts with it. */
  void archive() throws Exception {
    Object[] p1 = {PATIENT_ID, "P1", PATIENT_SEX, "F", PATIENT_BIRTH_DATE, "19700101"};
    Object[] s1 = {STUDY_DATE, "20200115", STUDY_TIME, "0930", ACCESSION_NUMBER, "ACC_1%",
        REFERRING_PHYSICIAN_NAME, "Smith^John", STUDY_DESCRIPTION, "CT Chest", PATIENT_NAME, "Doe^Jane=山田^花子"};
    add("7.1.1.1", "7.1", "7.1.1", CT_IMAGE, 1, concat(p1, s1, MODALITY, "CT", SERIES_NUMBER, "1",
        PERFORMED_PROCEDURE_STEP_START_DATE, "20200115", PERFORMED_PROCEDURE_STEP_START_TIME, "093500",
        INSTANCE_NUMBER, "1", ROWS, "512", COLUMNS, "512", BITS_ALLOCATED, "16"));
    add("7.1.1.2", "7.1", "7.1.1", CT_IMAGE, 2, concat(p1, s1, MODALITY, "CT", SERIES_NUMBER, "1",
        PERFORMED_PROCEDURE_STEP_START_DATE, "20200115", PERFORMED_PROCEDURE_STEP_START_TIME, "093500",
        INSTANCE_NUMBER, "2", ROWS, "512", COLUMNS, "512"));
    add("7.1.2.1", "7.1", "7.1.2", SR_DOC, 3, concat(p1, s1, MODALITY, "SR", SERIES_NUMBER, "2",
        INSTANCE_NUMBER, "1"));
    add("7.2.1.1", "7.2", "7.2.1", MR_IMAGE, 4, PATIENT_ID, "P2", PATIENT_NAME, "DOE^JOHN",
        STUDY_DATE, "20200220", STUDY_TIME, "14", ACCESSION_NUMBER, "ACC21", REFERRING_PHYSICIAN_NAME, "smith^anna",
        MODALITY, "MR", SERIES_NUMBER, "3", INSTANCE_NUMBER, "7", ROWS, "256", NUMBER_OF_FRAMES, "20");
    add("7.3.1.1", "7.3", "7.3.1", CT_IMAGE, 5, concat(p1, new Object[] {PATIENT_NAME, "Doe^Jane",
        ACCESSION_NUMBER, "ACC!1", STUDY_DESCRIPTION, "x'; DROP TABLE instances; --", MODALITY, "CT"}));
  }

  private static Object[] concat(Object[] a, Object[] b, Object... c) {
    List<Object> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    out.addAll(List.of(c));
    return out.toArray();
  }

  private static Object[] concat(Object[] a, Object[] b) {
    return concat(a, b, new Object[0]);
  }

  /** The own UIDs of the rows found, in result order. */
  private List<String> find(QueryLevel level, boolean fuzzy, Match... matches) throws Exception {
    IndexedAttribute key = switch (level) {
      case PATIENT -> PATIENT_ID;
      case STUDY -> STUDY_INSTANCE_UID;
      case SERIES -> SERIES_INSTANCE_UID;
      case INSTANCE -> SOP_INSTANCE_UID;
    };
    QueryPage page = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(level, matches).fuzzy(fuzzy));
    List<String> out = new ArrayList<>();
    for (QueryRow r : page.rows()) {
      assertEquals(level, r.level());
      out.add(r.values().getOrEmpty(key));
    }
    assertEquals(out.size(), page.total());
    return out;
  }

  private List<String> find(QueryLevel level, Match... matches) throws Exception {
    return find(level, false, matches);
  }

  private static Match m(IndexedAttribute a, String v) {
    return new Match(a, v);
  }

  @Test
  void universalMatchingReturnsEveryEntityInTheDocumentedOrder() throws Exception {
    archive();
    assertEquals(List.of("7.1", "7.2", "7.3"), find(QueryLevel.STUDY), "by date, undated last");
    assertEquals(List.of("7.1", "7.2", "7.3"), find(QueryLevel.STUDY, m(STUDY_DATE, ""), m(PATIENT_NAME, "*")));
    assertEquals(List.of("7.1.1", "7.1.2", "7.2.1", "7.3.1"), find(QueryLevel.SERIES));
    assertEquals(List.of("7.1.1.1", "7.1.1.2", "7.1.2.1", "7.2.1.1", "7.3.1.1"), find(QueryLevel.INSTANCE));
    assertEquals(List.of("P1", "P2"), find(QueryLevel.PATIENT));
  }

  @Test
  void singleValueAndUidListMatchingAtEveryLevel() throws Exception {
    archive();
    assertEquals(List.of("P2"), find(QueryLevel.PATIENT, m(PATIENT_ID, "P2")));
    assertEquals(List.of("P1"), find(QueryLevel.PATIENT, m(PATIENT_SEX, "F")));
    assertEquals(List.of("7.1", "7.3"), find(QueryLevel.STUDY, m(STUDY_INSTANCE_UID, "7.3\\7.1\\9.9")));
    assertEquals(List.of("7.1", "7.3"), find(QueryLevel.STUDY, m(PATIENT_ID, "P1")));
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(NUMBER_OF_STUDY_RELATED_INSTANCES, "3")));
    assertEquals(List.of("7.1.1", "7.3.1"), find(QueryLevel.SERIES, m(MODALITY, "CT")));
    assertEquals(List.of("7.1.2"), find(QueryLevel.SERIES, m(SERIES_NUMBER, "+2")));
    assertEquals(List.of("7.1.1"), find(QueryLevel.SERIES, m(NUMBER_OF_SERIES_RELATED_INSTANCES, "2")));
    assertEquals(List.of("7.1.1.1", "7.1.2.1"), find(QueryLevel.INSTANCE, m(INSTANCE_NUMBER, "1")));
    assertEquals(List.of("7.2.1.1"), find(QueryLevel.INSTANCE, m(ROWS, "256")));
    assertEquals(List.of("7.1.1.1"), find(QueryLevel.INSTANCE, m(BITS_ALLOCATED, "16")));
    assertEquals(List.of("7.2.1.1"), find(QueryLevel.INSTANCE, m(NUMBER_OF_FRAMES, "20")));
    assertEquals(List.of("7.1.2.1", "7.2.1.1"), find(QueryLevel.INSTANCE, m(SOP_CLASS_UID, SR_DOC + "\\" + MR_IMAGE)));
    assertEquals(List.of("7.1.1.2"), find(QueryLevel.INSTANCE, m(SOP_INSTANCE_UID, "7.1.1.2")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(PATIENT_ID, "P")), "single value matching is exact");
  }

  @Test
  void wildcardsMatchAndSqlWildcardsAndTheEscapeCharacterAreLiteral() throws Exception {
    archive();
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "ACC_1%")));
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "ACC_*")), "_ is no wildcard");
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "*%")), "% is no wildcard");
    assertEquals(List.of("7.2", "7.3"), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "ACC?1")));
    assertEquals(List.of("7.3"), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "ACC!*")), "the escape character is literal");
    assertEquals(List.of("7.3"), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "*!1")));
    assertEquals(List.of("7.1.1", "7.1.2"), find(QueryLevel.SERIES, m(STUDY_DESCRIPTION, "CT*")));
    assertEquals(List.of("7.2.1"), find(QueryLevel.SERIES, m(MODALITY, "M?")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(STUDY_DESCRIPTION, "ct*")), "case-sensitive");
  }

  @Test
  void dateAndTimeRangesOpenAndClosed() throws Exception {
    archive();
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(STUDY_DATE, "20200101-20200131")));
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(STUDY_DATE, "-20200115")), "inclusive end");
    assertEquals(List.of("7.1", "7.2"), find(QueryLevel.STUDY, m(STUDY_DATE, "20200115-")), "inclusive start");
    assertEquals(List.of("7.2"), find(QueryLevel.STUDY, m(STUDY_DATE, "20200220")));
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(STUDY_TIME, "0900-1000")), "0930 in 09:00-10:00");
    assertEquals(List.of("7.2"), find(QueryLevel.STUDY, m(STUDY_TIME, "1400-")), "14 is 14:00:00");
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(STUDY_TIME, "-1359")));
    assertEquals(List.of("7.1", "7.2"), find(QueryLevel.STUDY, m(STUDY_TIME, "09-14")), "an end covers its hour");
    assertEquals(List.of("7.2"), find(QueryLevel.STUDY, m(STUDY_TIME, "140000.000")));
    assertEquals(List.of("7.1.1"), find(QueryLevel.SERIES, m(PERFORMED_PROCEDURE_STEP_START_TIME, "0935-0935")));
    assertEquals(List.of("7.1.1"), find(QueryLevel.SERIES, m(PERFORMED_PROCEDURE_STEP_START_DATE, "20200115")));
    assertEquals(List.of("P1"), find(QueryLevel.PATIENT, m(PATIENT_BIRTH_DATE, "-19791231")));
  }

  @Test
  void personNamesMatchCaseSensitivelyUnlessFuzzy() throws Exception {
    archive();
    assertEquals(List.of("7.1", "7.3"), find(QueryLevel.STUDY, m(PATIENT_NAME, "Doe^Jane*")));
    assertEquals(List.of("7.3"), find(QueryLevel.STUDY, m(PATIENT_NAME, "Doe^Jane")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(PATIENT_NAME, "doe*")));
    assertEquals(List.of("7.1", "7.2", "7.3"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "doe*")));
    assertEquals(List.of("7.3"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "doe^jane")));
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "*山田*")));
    assertEquals(List.of("7.1", "7.2"), find(QueryLevel.STUDY, true, m(REFERRING_PHYSICIAN_NAME, "SMITH^*")));
    assertEquals(List.of("7.2"), find(QueryLevel.STUDY, m(REFERRING_PHYSICIAN_NAME, "smith*")));
    assertEquals(List.of("P2"), find(QueryLevel.PATIENT, true, m(PATIENT_NAME, "*john")));
  }

  /**
   * "Where configured" case-insensitive PN matching (PS3.4 C.2.2.2.1) covers letters outside
   * ASCII (both dialects compare the upper-cased names the index keeps), for single values and
   * wildcards, while the default stays case-sensitive.
   */
  @Test
  void caseInsensitivePersonNamesCoverLettersOutsideAscii() throws Exception {
    add("8.1.1.1", "8.1", "8.1.1", CT_IMAGE, 1, PATIENT_ID, "M1", PATIENT_NAME, "Müller^Jürgen");
    add("8.2.1.1", "8.2", "8.2.1", CT_IMAGE, 2, PATIENT_ID, "S1", PATIENT_NAME, "ΣΩΚΡΆΤΗΣ");
    add("8.3.1.1", "8.3", "8.3.1", CT_IMAGE, 3, PATIENT_ID, "O1", PATIENT_NAME, "Ødegaard^Åse");
    assertEquals(List.of(), find(QueryLevel.STUDY, m(PATIENT_NAME, "müller*")));
    assertEquals(List.of("8.1"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "müller*")));
    assertEquals(List.of("8.1"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "MÜLLER^JÜRGEN")));
    assertEquals(List.of("8.1"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "m?ller^j?rgen")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(PATIENT_NAME, "σωκράτης")));
    assertEquals(List.of("8.2"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "σωκράτης")));
    assertEquals(List.of("8.3"), find(QueryLevel.STUDY, true, m(PATIENT_NAME, "ødegaard^åse")));
    assertEquals(List.of("O1"), find(QueryLevel.PATIENT, true, m(PATIENT_NAME, "*^åse")));
    assertEquals(List.of("O1"), find(QueryLevel.PATIENT, m(PATIENT_NAME, "*^Åse")));
  }

  @Test
  void higherLevelKeysMatchTheParentAndRowsCarryItsValues() throws Exception {
    archive();
    assertEquals(List.of("7.1.1", "7.1.2"), find(QueryLevel.SERIES, m(STUDY_DATE, "20200101-20200131")));
    assertEquals(List.of("7.2.1.1"), find(QueryLevel.INSTANCE, m(PATIENT_ID, "P2")));
    assertEquals(List.of("7.1.1.1", "7.1.1.2", "7.3.1.1"), find(QueryLevel.INSTANCE, m(MODALITY, "CT")));
    assertEquals(List.of("7.1.1.2"), find(QueryLevel.INSTANCE, m(MODALITY, "CT"), m(INSTANCE_NUMBER, "2"),
        m(STUDY_INSTANCE_UID, "7.1"), m(SERIES_INSTANCE_UID, "7.1.1")));
    AttributeValues row = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.INSTANCE, m(SOP_INSTANCE_UID, "7.1.1.2")))
        .rows().get(0).values();
    assertEquals("Doe^Jane=山田^花子", row.getOrEmpty(PATIENT_NAME));
    assertEquals("20200115", row.getOrEmpty(STUDY_DATE));
    assertEquals("CT", row.getOrEmpty(MODALITY));
    assertEquals("2", row.getOrEmpty(NUMBER_OF_SERIES_RELATED_INSTANCES));
    assertEquals("CT\\SR", row.getOrEmpty(MODALITIES_IN_STUDY));
    assertEquals(CT_IMAGE, row.getOrEmpty(SOP_CLASS_UID));
    assertEquals("", row.getOrEmpty(NUMBER_OF_PATIENT_RELATED_STUDIES), "patient counts only at PATIENT level");
  }

  @Test
  void modalitiesAndSopClassesInStudyMatchAnySeriesOrInstance() throws Exception {
    archive();
    assertEquals(List.of("7.1"), find(QueryLevel.STUDY, m(MODALITIES_IN_STUDY, "SR")));
    assertEquals(List.of("7.1", "7.3"), find(QueryLevel.STUDY, m(MODALITIES_IN_STUDY, "CT")));
    assertEquals(List.of("7.2"), find(QueryLevel.STUDY, m(MODALITIES_IN_STUDY, "M*")));
    assertEquals(List.of("7.2"), find(QueryLevel.STUDY, m(SOP_CLASSES_IN_STUDY, MR_IMAGE)));
  }

  @Test
  void pagesAreSlicesOfOneStableOrderWithTheTotal() throws Exception {
    archive();
    List<String> all = find(QueryLevel.INSTANCE);
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 6; offset += 2) {
      QueryPage page = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.INSTANCE).page(2, offset));
      assertEquals(5, page.total());
      assertEquals(2, page.limit());
      assertEquals(offset, page.offset());
      page.rows().forEach(r -> paged.add(r.values().getOrEmpty(SOP_INSTANCE_UID)));
    }
    assertEquals(all, paged);
    QueryPage beyond = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.STUDY).page(10, 50));
    assertEquals(List.of(), beyond.rows());
    assertEquals(3, beyond.total());
  }

  @Test
  void hostileValuesAreDataNotSql() throws Exception {
    archive();
    assertEquals(List.of("7.3"), find(QueryLevel.STUDY, m(STUDY_DESCRIPTION, "x'; DROP TABLE instances; --")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(PATIENT_ID, "' OR '1'='1")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(PATIENT_NAME, "*' OR 1=1 --*")));
    assertEquals(List.of(), find(QueryLevel.STUDY, m(ACCESSION_NUMBER, "\\*")));
    assertEquals(List.of(), find(QueryLevel.SERIES, m(SERIES_DESCRIPTION, "%\"; DELETE FROM series; --")));
    assertEquals(5, index.count());
    assertEquals(4, index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.SERIES)).total());
  }

  @Test
  void malformedMatchesAreRefusedWithExactMessages() {
    assertEquals("StudyDate (0008,0020): malformed date match \"2020-01-01\": expected YYYYMMDD, "
        + "YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD (PS3.4 C.2.2.2.5)",
        refused(() -> new Match(STUDY_DATE, "2020-01-01")));
    assertEquals("StudyDate (0008,0020): malformed date match \"-\": expected YYYYMMDD, "
        + "YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD (PS3.4 C.2.2.2.5)", refused(() -> new Match(STUDY_DATE, "-")));
    assertEquals("StudyDate (0008,0020): range start 20200201 is after its end 20200101",
        refused(() -> new Match(STUDY_DATE, "20200201-20200101")));
    assertEquals("StudyTime (0008,0030): malformed time match \"25:00\": expected HH[MM[SS[.FFFFFF]]], "
        + "HH[MM[SS[.FFFFFF]]]-HH[MM[SS[.FFFFFF]]], HH[MM[SS[.FFFFFF]]]- or -HH[MM[SS[.FFFFFF]]] (PS3.4 C.2.2.2.5)",
        refused(() -> new Match(STUDY_TIME, "25:00")));
    assertEquals("StudyInstanceUID (0020,000D): \"1.2.*\" is not a UID (1-64 digits and dots, PS3.5 §9.1); "
        + "wildcards are not allowed for UIDs, a list is UIDs separated by backslashes (PS3.4 C.2.2.2.2)",
        refused(() -> new Match(STUDY_INSTANCE_UID, "1.2\\1.2.*")));
    assertEquals("SeriesNumber (0020,0011): \"1*\" is not an integer (single value matching only, PS3.4 C.2.2.2.1)",
        refused(() -> new Match(SERIES_NUMBER, "1*")));
    assertEquals("SOPInstanceUID (0008,0018) is a key of the INSTANCE level and cannot be matched in a STUDY-level query",
        refused(() -> IndexQuery.of(QueryLevel.STUDY, new Match(SOP_INSTANCE_UID, "1.2"))));
    assertEquals("limit 0 outside 1..10000", refused(() -> IndexQuery.of(QueryLevel.STUDY).page(0, 0)));
  }

  private static String refused(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }
}
