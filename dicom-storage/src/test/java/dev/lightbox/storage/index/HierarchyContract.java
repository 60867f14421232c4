package dev.lightbox.storage.index;

import static dev.lightbox.storage.index.IndexedAttribute.MODALITIES_IN_STUDY;
import static dev.lightbox.storage.index.IndexedAttribute.MODALITY;
import static dev.lightbox.storage.index.IndexedAttribute.NUMBER_OF_PATIENT_RELATED_INSTANCES;
import static dev.lightbox.storage.index.IndexedAttribute.NUMBER_OF_PATIENT_RELATED_SERIES;
import static dev.lightbox.storage.index.IndexedAttribute.NUMBER_OF_PATIENT_RELATED_STUDIES;
import static dev.lightbox.storage.index.IndexedAttribute.NUMBER_OF_SERIES_RELATED_INSTANCES;
import static dev.lightbox.storage.index.IndexedAttribute.NUMBER_OF_STUDY_RELATED_INSTANCES;
import static dev.lightbox.storage.index.IndexedAttribute.NUMBER_OF_STUDY_RELATED_SERIES;
import static dev.lightbox.storage.index.IndexedAttribute.PATIENT_ID;
import static dev.lightbox.storage.index.IndexedAttribute.PATIENT_NAME;
import static dev.lightbox.storage.index.IndexedAttribute.SERIES_DESCRIPTION;
import static dev.lightbox.storage.index.IndexedAttribute.SERIES_INSTANCE_UID;
import static dev.lightbox.storage.index.IndexedAttribute.SOP_CLASSES_IN_STUDY;
import static dev.lightbox.storage.index.IndexedAttribute.STUDY_DESCRIPTION;
import static dev.lightbox.storage.index.IndexedAttribute.STUDY_INSTANCE_UID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The study and series rows and their computed attributes (PS3.4 C.6.2.1.2 Table C.6-5,
 * C.6.1.1.2 Table C.6-1) follow every insert, replace, move and delete, on every backend.
 */
public abstract class HierarchyContract extends InstanceIndexContract {

  static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
  static final String MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4";
  static final String SR_DOC = "1.2.840.10008.5.1.4.1.1.88.11";

  /** Values from alternating attribute/value arguments. */
  static AttributeValues values(Object... pairs) {
    AttributeValues.Builder b = AttributeValues.builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.put((IndexedAttribute) pairs[i], (String) pairs[i + 1]);
    }
    return b.build();
  }

  /** Inserts one instance of a fixed study (tests outside this contract). */
  @FunctionalInterface
  interface Adder {
    void add(String sop, String series, String sopClass, int seconds, String modality) throws Exception;
  }

  InstanceRecord add(String sop, String study, String series, String sopClass, int seconds, Object... pairs)
      throws Exception {
    InstanceRecord r = Records.instance(sop, study, series, sopClass, sop.hashCode(), T0.plusSeconds(seconds),
        values(pairs));
    assertTrue(index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, "{}").inserted());
    return r;
  }

  /** Every row of {@code level}, keyed by its own UID. */
  Map<String, AttributeValues> rows(QueryLevel level) throws Exception {
    IndexedAttribute key = switch (level) {
      case PATIENT -> PATIENT_ID;
      case STUDY -> STUDY_INSTANCE_UID;
      case SERIES -> SERIES_INSTANCE_UID;
      case INSTANCE -> IndexedAttribute.SOP_INSTANCE_UID;
    };
    Map<String, AttributeValues> out = new LinkedHashMap<>();
    for (QueryRow r : index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(level).page(IndexQuery.MAX_LIMIT, 0)).rows()) {
      out.put(r.values().getOrEmpty(key), r.values());
    }
    return out;
  }

  static String get(AttributeValues v, IndexedAttribute a) {
    return v.getOrEmpty(a);
  }

  @Test
  void aSeriesTakingANewModalityFromItsNewestInstanceUpdatesModalitiesInStudy() throws Exception {
    // Modalities in Study (0008,0061) is the distinct set of the study's series' Modality
    // (PS3.4 C.6.2.1.2); a series' Modality follows its most recent instance.
    add("9.1.1", "9.1", "9.1.10", CT_IMAGE, 1, MODALITY, "CT");
    add("9.1.2", "9.1", "9.1.11", CT_IMAGE, 2, MODALITY, "CT");
    add("9.1.3", "9.1", "9.1.10", CT_IMAGE, 3, MODALITY, "PT");
    assertEquals("CT\\PT", get(rows(QueryLevel.STUDY).get("9.1"), MODALITIES_IN_STUDY),
        "CT stays: series 9.1.11 still has it");
    add("9.1.4", "9.1", "9.1.11", CT_IMAGE, 4, MODALITY, "MR");
    assertEquals("MR\\PT", get(rows(QueryLevel.STUDY).get("9.1"), MODALITIES_IN_STUDY),
        "CT goes: no series has it any more");
    add("9.1.5", "9.1", "9.1.11", CT_IMAGE, 0, MODALITY, "XA");
    assertEquals("MR\\PT", get(rows(QueryLevel.STUDY).get("9.1"), MODALITIES_IN_STUDY),
        "an older instance arriving late does not change its series' modality");
    AttributeValues study = rows(QueryLevel.STUDY).get("9.1");
    assertEquals("2", get(study, IndexedAttribute.NUMBER_OF_STUDY_RELATED_SERIES));
    assertEquals("5", get(study, IndexedAttribute.NUMBER_OF_STUDY_RELATED_INSTANCES));
  }

  @Test
  void countsModalitiesAndSopClassesFollowInserts() throws Exception {
    add("1.1.1", "1.1", "1.1.10", CT_IMAGE, 1, MODALITY, "CT");
    add("1.1.2", "1.1", "1.1.10", CT_IMAGE, 2, MODALITY, "CT");
    add("1.1.3", "1.1", "1.1.11", MR_IMAGE, 3, MODALITY, "MR");
    add("1.1.4", "1.1", "1.1.12", SR_DOC, 4, MODALITY, "SR");
    add("1.1.5", "1.1", "1.1.11", SR_DOC, 5, MODALITY, "MR");
    AttributeValues study = rows(QueryLevel.STUDY).get("1.1");
    assertEquals("3", get(study, NUMBER_OF_STUDY_RELATED_SERIES));
    assertEquals("5", get(study, NUMBER_OF_STUDY_RELATED_INSTANCES));
    assertEquals("CT\\MR\\SR", get(study, MODALITIES_IN_STUDY), "distinct, sorted, backslash-separated");
    assertEquals(CT_IMAGE + "\\" + MR_IMAGE + "\\" + SR_DOC, get(study, SOP_CLASSES_IN_STUDY),
        "distinct, in code point order");
    Map<String, AttributeValues> series = rows(QueryLevel.SERIES);
    assertEquals("2", get(series.get("1.1.10"), NUMBER_OF_SERIES_RELATED_INSTANCES));
    assertEquals("2", get(series.get("1.1.11"), NUMBER_OF_SERIES_RELATED_INSTANCES));
    assertEquals("1", get(series.get("1.1.12"), NUMBER_OF_SERIES_RELATED_INSTANCES));
    assertEquals("1.1", get(series.get("1.1.12"), STUDY_INSTANCE_UID), "a series row carries its study");
  }

  @Test
  void replaceDeleteAndMovesKeepCountsRightAndRemoveEmptyRows() throws Exception {
    InstanceRecord a = add("2.1.1", "2.1", "2.1.10", CT_IMAGE, 1, MODALITY, "CT");
    add("2.1.2", "2.1", "2.1.10", CT_IMAGE, 2, MODALITY, "CT");
    add("2.1.3", "2.1", "2.1.11", SR_DOC, 3, MODALITY, "SR");
    // Replace in place (same series): counts unchanged.
    InstanceRecord a2 = Records.instance("2.1.1", "2.1", "2.1.10", CT_IMAGE, 901, T0.plusSeconds(10),
        values(MODALITY, "CT"));
    assertEquals(a, index.replace(InstanceIndex.DEFAULT_TENANT, a2, "{}", a.sha256()).orElseThrow());
    assertEquals("3", get(rows(QueryLevel.STUDY).get("2.1"), NUMBER_OF_STUDY_RELATED_INSTANCES));
    // Move the SR (the only instance of its series and of its SOP class) to a new study.
    InstanceRecord sr = index.find(InstanceIndex.DEFAULT_TENANT, "2.1.3").orElseThrow();
    InstanceRecord moved = Records.instance("2.1.3", "2.2", "2.2.10", SR_DOC, 902, T0.plusSeconds(11),
        values(MODALITY, "SR", PATIENT_ID, "OTHER"));
    index.replace(InstanceIndex.DEFAULT_TENANT, moved, "{}", sr.sha256()).orElseThrow();
    Map<String, AttributeValues> studies = rows(QueryLevel.STUDY);
    assertEquals("1", get(studies.get("2.1"), NUMBER_OF_STUDY_RELATED_SERIES));
    assertEquals("2", get(studies.get("2.1"), NUMBER_OF_STUDY_RELATED_INSTANCES));
    assertEquals("CT", get(studies.get("2.1"), MODALITIES_IN_STUDY));
    assertEquals(CT_IMAGE, get(studies.get("2.1"), SOP_CLASSES_IN_STUDY));
    assertEquals("1", get(studies.get("2.2"), NUMBER_OF_STUDY_RELATED_INSTANCES));
    assertEquals("SR", get(studies.get("2.2"), MODALITIES_IN_STUDY));
    assertEquals("OTHER", get(studies.get("2.2"), PATIENT_ID));
    assertEquals(Optional.empty(), Optional.ofNullable(rows(QueryLevel.SERIES).get("2.1.11")), "emptied series removed");
    // Delete down to nothing.
    index.delete(InstanceIndex.DEFAULT_TENANT, "2.1.1");
    assertEquals("1", get(rows(QueryLevel.SERIES).get("2.1.10"), NUMBER_OF_SERIES_RELATED_INSTANCES));
    index.delete(InstanceIndex.DEFAULT_TENANT, "2.1.2");
    index.delete(InstanceIndex.DEFAULT_TENANT, "2.1.3");
    assertEquals(Map.of(), rows(QueryLevel.STUDY));
    assertEquals(Map.of(), rows(QueryLevel.SERIES));
    assertEquals(Map.of(), rows(QueryLevel.PATIENT));
  }

  @Test
  void aSopClassLeavesTheStudyOnlyWithItsLastInstance() throws Exception {
    add("3.1.1", "3.1", "3.1.10", CT_IMAGE, 1, MODALITY, "CT");
    add("3.1.2", "3.1", "3.1.10", SR_DOC, 2, MODALITY, "CT");
    add("3.1.3", "3.1", "3.1.10", SR_DOC, 3, MODALITY, "CT");
    index.delete(InstanceIndex.DEFAULT_TENANT, "3.1.2");
    assertEquals(CT_IMAGE + "\\" + SR_DOC, get(rows(QueryLevel.STUDY).get("3.1"), SOP_CLASSES_IN_STUDY));
    index.delete(InstanceIndex.DEFAULT_TENANT, "3.1.3");
    assertEquals(CT_IMAGE, get(rows(QueryLevel.STUDY).get("3.1"), SOP_CLASSES_IN_STUDY));
  }

  @Test
  void studyAndSeriesValuesComeFromTheMostRecentInstanceAndFallBackWhenItGoes() throws Exception {
    add("4.1.1", "4.1", "4.1.10", CT_IMAGE, 5, PATIENT_NAME, "Old^Name", STUDY_DESCRIPTION, "first",
        SERIES_DESCRIPTION, "s-first", MODALITY, "CT");
    add("4.1.2", "4.1", "4.1.10", CT_IMAGE, 9, PATIENT_NAME, "New^Name", STUDY_DESCRIPTION, "second",
        SERIES_DESCRIPTION, "s-second", MODALITY, "CT");
    // Older than the current source: counted, but its values do not win.
    add("4.1.3", "4.1", "4.1.10", CT_IMAGE, 1, PATIENT_NAME, "Ancient^Name", STUDY_DESCRIPTION, "zeroth",
        MODALITY, "CT");
    AttributeValues study = rows(QueryLevel.STUDY).get("4.1");
    assertEquals("New^Name", get(study, PATIENT_NAME));
    assertEquals("second", get(study, STUDY_DESCRIPTION));
    assertEquals("s-second", get(rows(QueryLevel.SERIES).get("4.1.10"), SERIES_DESCRIPTION));
    index.delete(InstanceIndex.DEFAULT_TENANT, "4.1.2");
    study = rows(QueryLevel.STUDY).get("4.1");
    assertEquals("Old^Name", get(study, PATIENT_NAME), "the next most recent instance takes over");
    assertEquals("first", get(study, STUDY_DESCRIPTION));
    assertEquals("s-first", get(rows(QueryLevel.SERIES).get("4.1.10"), SERIES_DESCRIPTION));
    assertEquals("2", get(study, NUMBER_OF_STUDY_RELATED_INSTANCES));
  }

  @Test
  void patientsAreStudiesGroupedByPatientIdWithSummedCounts() throws Exception {
    add("5.1.1", "5.1", "5.1.10", CT_IMAGE, 1, PATIENT_ID, "P5", PATIENT_NAME, "Five^Old");
    add("5.1.2", "5.1", "5.1.11", CT_IMAGE, 2, PATIENT_ID, "P5", PATIENT_NAME, "Five^Old");
    add("5.2.1", "5.2", "5.2.10", CT_IMAGE, 3, PATIENT_ID, "P5", PATIENT_NAME, "Five^New");
    add("5.3.1", "5.3", "5.3.10", CT_IMAGE, 4, PATIENT_ID, "P6");
    Map<String, AttributeValues> patients = rows(QueryLevel.PATIENT);
    assertEquals(List.of("P5", "P6"), new ArrayList<>(patients.keySet()));
    AttributeValues p5 = patients.get("P5");
    assertEquals("Five^New", get(p5, PATIENT_NAME), "values of the patient's most recent study");
    assertEquals("2", get(p5, NUMBER_OF_PATIENT_RELATED_STUDIES));
    assertEquals("3", get(p5, NUMBER_OF_PATIENT_RELATED_SERIES));
    assertEquals("3", get(p5, NUMBER_OF_PATIENT_RELATED_INSTANCES));
    assertEquals("1", get(patients.get("P6"), NUMBER_OF_PATIENT_RELATED_STUDIES));
  }

  @Test
  void concurrentWritersInOneStudyLoseNoCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            String sop = "6.1." + thread + "." + i;
            InstanceRecord r = Records.instance(sop, "6.1", "6.1." + (i % 3), i % 2 == 0 ? CT_IMAGE : MR_IMAGE,
                1000 + 10 * thread + i, T0.plusMillis(i), values(MODALITY, i % 3 == 0 ? "CT" : "MR"));
            index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, "{}");
            if (i % 4 == 3) {
              index.delete(InstanceIndex.DEFAULT_TENANT, sop);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long expected = index.count();
    AttributeValues study = rows(QueryLevel.STUDY).get("6.1");
    assertEquals(Long.toString(expected), get(study, NUMBER_OF_STUDY_RELATED_INSTANCES));
    assertEquals("3", get(study, NUMBER_OF_STUDY_RELATED_SERIES));
    assertEquals("CT\\MR", get(study, MODALITIES_IN_STUDY));
    long perSeries = 0;
    for (AttributeValues s : rows(QueryLevel.SERIES).values()) {
      perSeries += Long.parseLong(get(s, NUMBER_OF_SERIES_RELATED_INSTANCES));
    }
    assertEquals(expected, perSeries);
  }
}
