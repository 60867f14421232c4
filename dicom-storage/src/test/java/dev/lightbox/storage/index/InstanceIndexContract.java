package dev.lightbox.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link InstanceIndex} contract; SQLite and PostgreSQL tests only open the index. */
public abstract class InstanceIndexContract {

  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  protected InstanceIndex index;

  /** A fresh, empty index. */
  protected abstract InstanceIndex openIndex() throws Exception;

  /** The same database opened again (for migration idempotence). */
  protected abstract InstanceIndex reopenIndex() throws Exception;

  /**
   * A raw connection to the database {@link #reopenIndex} opens, emptied of every table (the
   * current index is closed first); used to build a schema-version-1 database.
   */
  protected abstract Connection emptyDatabase() throws Exception;

  protected abstract Dialect dialect();

  @BeforeEach
  void open() throws Exception {
    index = openIndex();
  }

  @AfterEach
  void closeIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void insertedRowsReadBackEqual() throws Exception {
    InstanceRecord r = Records.record("1.2.3.4.5", 1, T0.plusNanos(123_456_789));
    InsertOutcome o = index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, Records.DOCUMENT);
    assertTrue(o.inserted());
    assertEquals(r, index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.4.5").orElseThrow());
    assertEquals(Optional.empty(), index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.4.6"));
    assertEquals(1, index.count());
  }

  @Test
  void absentOptionalValuesAndUnicodeRoundTrip() throws Exception {
    InstanceRecord base = Records.record("1.2.3.4.7", 2, T0);
    InstanceRecord r = base.withValues(AttributeValues.builder()
        .put(IndexedAttribute.PATIENT_NAME, "Yamada^Tarou=山田^太郎=やまだ^たろう").build());
    String document = "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Ideographic\":\"山田^太郎\"}]}, "
        + "\"x\": \"\\u0000 ' \\\" ;\"}";
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, document);
    InstanceRecord back = index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow();
    assertEquals(r, back);
    assertEquals("", back.patientId());
    assertEquals(Optional.empty(), back.studyDate());
    assertEquals(0, back.rows());
    assertEquals(0, back.frames());
    assertEquals(document, index.metadata(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow());
  }

  @Test
  void aSecondInsertOfTheSameUidReturnsTheExistingRow() throws Exception {
    InstanceRecord first = Records.record("1.2.3.4.8", 3, T0);
    InstanceRecord second = Records.record("1.2.3.4.8", 4, T0.plusSeconds(1));
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, first, Records.DOCUMENT);
    InsertOutcome o = index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, second, Records.DOCUMENT);
    assertFalse(o.inserted());
    assertEquals(first, o.stored());
    assertEquals(first, index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.4.8").orElseThrow());
  }

  @Test
  void theUniqueConstraintDecidesConcurrentInserts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        String uid = "1.2.3.9." + round;
        List<Future<InsertOutcome>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int seed = 100 * round + t;
          fs.add(pool.submit(() -> index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, Records.record(uid, seed, T0), Records.DOCUMENT)));
        }
        int inserted = 0;
        List<InstanceRecord> stored = new ArrayList<>();
        for (Future<InsertOutcome> f : fs) {
          InsertOutcome o = f.get();
          inserted += o.inserted() ? 1 : 0;
          stored.add(o.stored());
        }
        assertEquals(1, inserted, "exactly one insert wins");
        InstanceRecord winner = index.find(InstanceIndex.DEFAULT_TENANT, uid).orElseThrow();
        for (InstanceRecord s : stored) {
          assertEquals(winner, s, "every caller sees the winning row");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void replaceIsACompareAndSwapOnTheOldHash() throws Exception {
    InstanceRecord v1 = Records.record("1.2.3.4.10", 5, T0);
    InstanceRecord v2 = Records.record("1.2.3.4.10", 6, T0.plusSeconds(5));
    InstanceRecord v3 = Records.record("1.2.3.4.10", 7, T0.plusSeconds(9));
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, v1, Records.DOCUMENT);
    assertEquals(Optional.empty(), index.replace(InstanceIndex.DEFAULT_TENANT, v2, "{}", v3.sha256()), "wrong expected hash");
    assertEquals(v1, index.find(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow());
    assertEquals(v1, index.replace(InstanceIndex.DEFAULT_TENANT, v2, "{}", v1.sha256()).orElseThrow());
    assertEquals(v2, index.find(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow());
    assertEquals(Optional.empty(), index.replace(InstanceIndex.DEFAULT_TENANT, Records.record("1.2.3.4.11", 8, T0), "{}", v1.sha256()), "absent row");
  }

  @Test
  void deleteReturnsTheRemovedRowOnce() throws Exception {
    InstanceRecord r = Records.record("1.2.3.4.12", 9, T0);
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, Records.DOCUMENT);
    assertEquals(r, index.delete(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow());
    assertEquals(Optional.empty(), index.delete(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()));
    assertEquals(Optional.empty(), index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()));
  }

  /** Seeded property test: every filter combination matches a plain Java filter over the rows. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void listingMatchesAnIndependentFilterAndIsStablyOrdered(long seed) throws Exception {
    Random rnd = new Random(seed);
    String[] patients = {"P1", "P2", "P3"};
    String[] modalities = {"CT", "MR", "US"};
    List<InstanceRecord> all = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // Creation times collide on purpose so the SOP UID tie-break matters.
      InstanceRecord r = Records.with(Records.record("1.2.826." + seed + "." + i, i, T0.plusSeconds(rnd.nextInt(10))),
          patients[rnd.nextInt(3)], "1.2.5." + rnd.nextInt(4), "1.2.6." + rnd.nextInt(8),
          modalities[rnd.nextInt(3)],
          rnd.nextInt(5) == 0 ? Optional.empty() : Optional.of(LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(30))));
      index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, Records.DOCUMENT);
      all.add(r);
    }
    Comparator<InstanceRecord> order = Comparator.comparing(InstanceRecord::created)
        .thenComparing(InstanceRecord::sopInstanceUid);
    for (int q = 0; q < 40; q++) {
      InstanceQuery query = InstanceQuery.all();
      Predicate<InstanceRecord> expected = r -> true;
      if (rnd.nextBoolean()) {
        String p = patients[rnd.nextInt(3)];
        query = query.patientId(p);
        expected = expected.and(r -> r.patientId().equals(p));
      }
      if (rnd.nextInt(3) == 0) {
        String s = "1.2.5." + rnd.nextInt(4);
        query = query.studyInstanceUid(s);
        expected = expected.and(r -> r.studyInstanceUid().equals(s));
      }
      if (rnd.nextInt(3) == 0) {
        String s = "1.2.6." + rnd.nextInt(8);
        query = query.seriesInstanceUid(s);
        expected = expected.and(r -> r.seriesInstanceUid().equals(s));
      }
      if (rnd.nextBoolean()) {
        String m = modalities[rnd.nextInt(3)];
        query = query.modality(m);
        expected = expected.and(r -> r.modality().equals(m));
      }
      if (rnd.nextBoolean()) {
        Optional<LocalDate> from = rnd.nextBoolean() ? Optional.of(LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(30))) : Optional.empty();
        Optional<LocalDate> to = rnd.nextBoolean() ? Optional.of(LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(30))) : Optional.empty();
        query = query.studyDate(from, to);
        expected = expected.and(r -> (from.isEmpty() && to.isEmpty()) || r.studyDate().isPresent()
            && from.map(f -> !r.studyDate().get().isBefore(f)).orElse(true)
            && to.map(t -> !r.studyDate().get().isAfter(t)).orElse(true));
      }
      int limit = 1 + rnd.nextInt(15);
      int offset = rnd.nextInt(20);
      List<InstanceRecord> matching = all.stream().filter(expected).sorted(order).collect(Collectors.toList());
      InstancePage page = index.list(InstanceIndex.DEFAULT_TENANT, query.page(limit, offset));
      assertEquals(matching.size(), page.total(), query.toString());
      assertEquals(matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size())),
          page.items(), query.toString());
    }
  }

  @Test
  void blobReferencesFollowTheRows() throws Exception {
    InstanceRecord a = Records.record("1.2.3.4.20", 20, T0);
    InstanceRecord b = Records.record("1.2.3.4.21", 20, T0); // same content, second instance
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, a, Records.DOCUMENT);
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, b, Records.DOCUMENT);
    assertTrue(index.isBlobReferenced(a.blobKey()));
    AtomicInteger deletions = new AtomicInteger();
    assertFalse(index.deleteBlobIfUnreferenced(a.blobKey(), T0, deletions::incrementAndGet));
    index.delete(InstanceIndex.DEFAULT_TENANT, a.sopInstanceUid());
    assertFalse(index.deleteBlobIfUnreferenced(a.blobKey(), T0, deletions::incrementAndGet), "b still refers to it");
    index.delete(InstanceIndex.DEFAULT_TENANT, b.sopInstanceUid());
    assertFalse(index.isBlobReferenced(a.blobKey()));
    assertTrue(index.deleteBlobIfUnreferenced(a.blobKey(), T0, deletions::incrementAndGet));
    assertEquals(1, deletions.get());
  }

  @Test
  void aLeaseProtectsTheBlobUntilReleasedOrExpired() throws Exception {
    String key = Records.keyOf(Records.sha(30));
    AtomicInteger deletions = new AtomicInteger();
    index.acquireBlobLease(key, T0.plusSeconds(3600));
    index.acquireBlobLease(key, T0.plusSeconds(60)); // a second ingest of the same content
    assertFalse(index.deleteBlobIfUnreferenced(key, T0, deletions::incrementAndGet));
    index.releaseBlobLease(key);
    assertFalse(index.deleteBlobIfUnreferenced(key, T0, deletions::incrementAndGet), "one ingest still in flight");
    assertFalse(index.deleteBlobIfUnreferenced(key, T0.plusSeconds(3599), deletions::incrementAndGet),
        "the longer lease counts");
    assertTrue(index.deleteBlobIfUnreferenced(key, T0.plusSeconds(3601), deletions::incrementAndGet),
        "a crashed ingest's lease expires");
    assertEquals(1, deletions.get());

    String other = Records.keyOf(Records.sha(31));
    index.acquireBlobLease(other, T0.plusSeconds(3600));
    index.releaseBlobLease(other);
    assertTrue(index.deleteBlobIfUnreferenced(other, T0, deletions::incrementAndGet), "released lease");
    index.releaseBlobLease(other); // extra releases are harmless
  }

  @Test
  void aFailedDeletionChangesNothingAndCanBeRetried() throws Exception {
    String key = Records.keyOf(Records.sha(40));
    StorageException boom = new StorageException(StorageException.Reason.UNAVAILABLE, "store down");
    StorageException thrown = assertThrows(StorageException.class,
        () -> index.deleteBlobIfUnreferenced(key, T0, () -> {
          throw boom;
        }));
    assertSame(boom, thrown);
    AtomicInteger deletions = new AtomicInteger();
    assertTrue(index.deleteBlobIfUnreferenced(key, T0, deletions::incrementAndGet));
    assertEquals(1, deletions.get());
  }

  @Test
  void reopeningKeepsDataAndDoesNotMigrateTwice() throws Exception {
    InstanceRecord r = Records.record("1.2.3.4.50", 50, T0);
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, Records.DOCUMENT);
    index.close();
    index = reopenIndex();
    assertEquals(r, index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow());
    index.check();
  }

  @Test
  void invalidQueriesAreRejectedBeforeTheDatabase() {
    assertThrows(IllegalArgumentException.class, () -> InstanceQuery.all().page(0, 0));
    assertThrows(IllegalArgumentException.class, () -> InstanceQuery.all().page(10, -1));
    assertThrows(IllegalArgumentException.class, () -> Records.record("1.2.x", 1, T0));
    assertThrows(IllegalArgumentException.class, () -> Records.record("1".repeat(65), 1, T0));
  }

  @Test
  void theMetadataDocumentIsStoredReplacedAndRemovedWithItsRow() throws Exception {
    InstanceRecord v1 = Records.record("1.2.3.4.70", 70, T0);
    InstanceRecord v2 = Records.record("1.2.3.4.70", 71, T0.plusSeconds(1));
    String big = "{\"7FE00010\":\"" + "x".repeat(300_000) + "\"}";
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, v1, big);
    assertEquals(big, index.metadata(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow());
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, v1, "{\"ignored\":1}");
    assertEquals(big, index.metadata(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow(), "a lost insert leaves the document");
    assertEquals(Optional.empty(), index.replace(InstanceIndex.DEFAULT_TENANT, v2, "{\"v\":2}", Records.sha(99)));
    assertEquals(big, index.metadata(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow(), "a failed swap leaves the document");
    index.replace(InstanceIndex.DEFAULT_TENANT, v2, "{\"v\":2}", v1.sha256()).orElseThrow();
    assertEquals("{\"v\":2}", index.metadata(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow());
    index.delete(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid());
    assertEquals(Optional.empty(), index.metadata(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()));
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, v1, "{\"again\":true}");
    assertEquals("{\"again\":true}", index.metadata(InstanceIndex.DEFAULT_TENANT, v1.sopInstanceUid()).orElseThrow(), "no stale document");
  }

  @Test
  void exclusiveWorkRunsForOneHolderAtATimeAcrossIndexesOnTheSameDatabase() throws Exception {
    try (InstanceIndex second = reopenIndex()) {
      Optional<String> outer = index.tryExclusive("lightbox.test", () -> {
        assertEquals(Optional.empty(), second.tryExclusive("lightbox.test", () -> "second"),
            "another index on the same database is refused while the first holds the lock");
        assertEquals(Optional.empty(), index.tryExclusive("lightbox.test", () -> "nested"), "not reentrant");
        assertEquals(Optional.of("other"), second.tryExclusive("lightbox.other", () -> "other"),
            "other lock names are independent");
        return "first";
      });
      assertEquals(Optional.of("first"), outer);
      assertEquals(Optional.of("second"), second.tryExclusive("lightbox.test", () -> "second"),
          "released when the work ends");
      StorageException boom = new StorageException(StorageException.Reason.IO, "work failed");
      assertSame(boom, assertThrows(StorageException.class, () -> index.tryExclusive("lightbox.test", () -> {
        throw boom;
      })));
      assertEquals(Optional.of(1), second.tryExclusive("lightbox.test", () -> 1), "released after a failure");
    }
  }

  @Test
  void reindexReplacesTheValuesAndMarksTheRowCurrent() throws Exception {
    InstanceRecord r = Records.record("1.2.3.4.80", 80, T0);
    index.insertIfAbsent(InstanceIndex.DEFAULT_TENANT, r, Records.DOCUMENT);
    assertEquals(List.of(), index.staleInstances(10), "new rows are indexed with the current declaration");
    AttributeValues values = AttributeValues.builder().put(IndexedAttribute.PATIENT_ID, "NEW-ID")
        .put(IndexedAttribute.MODALITY, "MR").put(IndexedAttribute.SERIES_NUMBER, "+7").build();
    InstanceRecord updated = index.reindex(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid(), values).orElseThrow();
    assertEquals(r.withValues(values), updated);
    assertEquals(updated, index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow());
    assertEquals("7", updated.values().get(IndexedAttribute.SERIES_NUMBER).orElseThrow(), "IS kept canonical");
    assertEquals(Records.DOCUMENT, index.metadata(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow(), "document untouched");
    QueryRow series = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.SERIES)).rows().get(0);
    assertEquals("MR", series.values().get(IndexedAttribute.MODALITY).orElseThrow(), "series row follows");
    assertEquals(Optional.empty(), index.reindex(InstanceIndex.DEFAULT_TENANT, "1.2.3.4.81", values));
    assertThrows(IllegalArgumentException.class, () -> index.reindex(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid(),
        values.with(IndexedAttribute.STUDY_INSTANCE_UID, "9.9.9")));
  }

  @Test
  void valuesTheIndexCannotStoreAreRefusedWithTheAttributeNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AttributeValues.builder().put(IndexedAttribute.PATIENT_ID, "x".repeat(65)).build());
    assertEquals("PatientID (0010,0020) value is 65 characters, more than the 64 the index stores; "
        + "truncate or drop it before indexing", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AttributeValues.builder().put(IndexedAttribute.STUDY_DATE, "2024-01-19").build());
    assertEquals("StudyDate (0008,0020) value \"2024-01-19\" is not a date YYYYMMDD (PS3.5 Table 6.2-1 DA)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Records.record("1.2.3.4.90", 90, T0).withValues(AttributeValues.builder()
            .put(IndexedAttribute.NUMBER_OF_STUDY_RELATED_INSTANCES, "3").build()));
    assertEquals("NumberOfStudyRelatedInstances (0020,1208) is computed by the index and cannot be supplied",
        e.getMessage());
  }

  /** A database written by schema version 1 (instances with metadata_json) is carried forward. */
  @Test
  void aVersionOneDatabaseMigratesWithEveryInstanceItsMetadataAndStudySeriesRows() throws Exception {
    index.close();
    index = null;
    List<String[]> v1 = List.of(
        // sop, study, series, patient id, patient name, date, modality, rows, created
        new String[] {"1.2.9.1", "1.2.9", "1.2.9.10", "P9", "Old^Name", "20200101", "CT", "512", "1000"},
        new String[] {"1.2.9.2", "1.2.9", "1.2.9.10", "P9", "New^Name", "20200101", "CT", "512", "2000"},
        new String[] {"1.2.9.3", "1.2.9", "1.2.9.11", "P9", "New^Name", null, "", "0", "3000"},
        new String[] {"1.2.8.1", "1.2.8", "1.2.8.10", "", "", null, "MR", "0", "4000"});
    try (Connection c = emptyDatabase()) {
      VersionOneDatabase.write(c, dialect(), v1);
    }
    index = reopenIndex();
    assertEquals(v1.size(), index.count());
    for (String[] row : v1) {
      InstanceRecord r = index.find(InstanceIndex.DEFAULT_TENANT, row[0]).orElseThrow();
      assertEquals(row[1], r.studyInstanceUid());
      assertEquals(row[3], r.patientId());
      assertEquals(row[6], r.modality());
      assertEquals(Integer.parseInt(row[7]), r.rows());
      assertEquals(Long.parseLong(row[8]), r.created().toEpochMilli());
      assertEquals(VersionOneDatabase.document(row[0]), index.metadata(InstanceIndex.DEFAULT_TENANT, row[0]).orElseThrow());
    }
    QueryPage studies = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.STUDY));
    assertEquals(2, studies.total());
    AttributeValues s9 = studies.rows().stream()
        .filter(r -> r.values().getOrEmpty(IndexedAttribute.STUDY_INSTANCE_UID).equals("1.2.9"))
        .findFirst().orElseThrow().values();
    assertEquals("2", s9.getOrEmpty(IndexedAttribute.NUMBER_OF_STUDY_RELATED_SERIES));
    assertEquals("3", s9.getOrEmpty(IndexedAttribute.NUMBER_OF_STUDY_RELATED_INSTANCES));
    assertEquals("CT", s9.getOrEmpty(IndexedAttribute.MODALITIES_IN_STUDY));
    assertEquals("New^Name", s9.getOrEmpty(IndexedAttribute.PATIENT_NAME), "the newest instance's values");
    assertEquals(List.of("1.2.8.1", "1.2.9.1", "1.2.9.2", "1.2.9.3"), uids(index.staleInstances(10)));
    assertEquals(List.of("1.2.8.1", "1.2.9.1"), uids(index.staleInstances(2)));
    assertTrue(index.staleInstances(10).stream().allMatch(k -> k.tenant().equals(InstanceIndex.DEFAULT_TENANT)),
        "rows from before tenants land in the default tenant");
    for (String uid : uids(index.staleInstances(10))) {
      InstanceRecord r = index.find(InstanceIndex.DEFAULT_TENANT, uid).orElseThrow();
      index.reindex(InstanceIndex.DEFAULT_TENANT, uid, r.values().with(IndexedAttribute.SERIES_DESCRIPTION, "re-extracted"));
    }
    assertEquals(List.of(), index.staleInstances(10));
    assertEquals(1, index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.SERIES,
        new Match(IndexedAttribute.SERIES_DESCRIPTION, "re-extracted"),
        new Match(IndexedAttribute.STUDY_INSTANCE_UID, "1.2.8"))).total());
    index.close();
    index = reopenIndex();
    assertEquals(v1.size(), index.count(), "migrations run once");
  }

  @Test
  void theSameUidInTwoTenantsIsTwoIndependentInstances() throws Exception {
    InstanceRecord a = Records.record("1.2.3.4.90", 90, T0);
    InstanceRecord b = Records.with(Records.record("1.2.3.4.90", 91, T0.plusSeconds(1)), "PAT-B", "1.2.3.100",
        "1.2.3.100.1", "MR", Optional.empty());
    assertTrue(index.insertIfAbsent("alpha", a, "{\"doc\":\"alpha\"}").inserted());
    assertTrue(index.insertIfAbsent("beta", b, "{\"doc\":\"beta\"}").inserted(),
        "another tenant's row of the same UID does not conflict");
    assertEquals(a, index.find("alpha", a.sopInstanceUid()).orElseThrow());
    assertEquals(b, index.find("beta", b.sopInstanceUid()).orElseThrow());
    assertEquals(Optional.empty(), index.find(InstanceIndex.DEFAULT_TENANT, a.sopInstanceUid()));
    assertEquals("{\"doc\":\"beta\"}", index.metadata("beta", b.sopInstanceUid()).orElseThrow());
    assertEquals(Optional.empty(), index.metadata("gamma", b.sopInstanceUid()));
    for (QueryLevel level : QueryLevel.values()) {
      QueryPage alpha = index.query("alpha", IndexQuery.of(level));
      assertEquals(1, alpha.total(), level + " in alpha");
      assertEquals(0, index.query("gamma", IndexQuery.of(level)).total(), level + " in a tenant without data");
    }
    AttributeValues betaStudy = index.query("beta", IndexQuery.of(QueryLevel.STUDY)).rows().get(0).values();
    assertEquals("PAT-B", betaStudy.getOrEmpty(IndexedAttribute.PATIENT_ID), "each tenant's study has its own values");
    assertEquals("MR", betaStudy.getOrEmpty(IndexedAttribute.MODALITIES_IN_STUDY));
    assertEquals("1", betaStudy.getOrEmpty(IndexedAttribute.NUMBER_OF_STUDY_RELATED_INSTANCES));
    assertEquals(0, index.query("alpha", IndexQuery.of(QueryLevel.STUDY,
        new Match(IndexedAttribute.MODALITIES_IN_STUDY, "MR"))).total(), "beta's series do not match in alpha");
    assertEquals(List.of(a), index.list("alpha", InstanceQuery.all()).items());
    assertEquals(List.of("alpha", "beta"), index.tenants());

    assertEquals(Optional.empty(), index.replace("alpha", b, Records.DOCUMENT, b.sha256()),
        "the compare-and-swap sees alpha's hash, not beta's");
    assertEquals(a, index.delete("alpha", a.sopInstanceUid()).orElseThrow());
    assertEquals(b, index.find("beta", b.sopInstanceUid()).orElseThrow(), "a delete in alpha leaves beta's row");
    assertEquals(1, index.query("beta", IndexQuery.of(QueryLevel.SERIES)).total());
    assertEquals(0, index.query("alpha", IndexQuery.of(QueryLevel.STUDY)).total());
    assertEquals(Optional.empty(), index.delete("gamma", b.sopInstanceUid()));
  }

  @Test
  void aBlobSharedByTwoTenantsStaysUntilNeitherRefersToIt() throws Exception {
    InstanceRecord r = Records.record("1.2.3.4.95", 95, T0);
    index.insertIfAbsent("alpha", r, Records.DOCUMENT);
    index.insertIfAbsent("beta", r, Records.DOCUMENT);
    AtomicInteger deletions = new AtomicInteger();
    index.delete("alpha", r.sopInstanceUid());
    assertTrue(index.isBlobReferenced(r.blobKey()), "beta still refers to the shared blob");
    assertFalse(index.deleteBlobIfUnreferenced(r.blobKey(), T0, deletions::incrementAndGet));
    index.delete("beta", r.sopInstanceUid());
    assertTrue(index.deleteBlobIfUnreferenced(r.blobKey(), T0, deletions::incrementAndGet));
    assertEquals(1, deletions.get());
  }

  @Test
  void tenantNamesAreCheckedBeforeTheDatabase() {
    InstanceRecord r = Records.record("1.2.3.4.96", 96, T0);
    assertThrows(IllegalArgumentException.class, () -> index.insertIfAbsent("", r, Records.DOCUMENT));
    assertThrows(IllegalArgumentException.class, () -> index.find(null, r.sopInstanceUid()));
    assertThrows(IllegalArgumentException.class, () -> index.query("t".repeat(65), IndexQuery.of(QueryLevel.STUDY)));
  }

  /** A database at schema version 3 (before tenants) upgrades with every row in the default tenant. */
  @Test
  void aVersionThreeDatabaseMigratesEveryRowIntoTheDefaultTenant() throws Exception {
    index.close();
    index = null;
    InstanceRecord r = Records.record("1.2.3.4.97", 97, T0);
    try (Connection c = emptyDatabase()) {
      Migrations.migrate(c, dialect(), "test", 3);
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO instances (sop_instance_uid, "
          + "study_instance_uid, series_instance_uid, sop_class_uid, transfer_syntax_uid, size_bytes, sha256, "
          + "blob_key, created_at, index_version, patient_id, modality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        p.setString(1, r.sopInstanceUid());
        p.setString(2, r.studyInstanceUid());
        p.setString(3, r.seriesInstanceUid());
        p.setString(4, r.sopClassUid());
        p.setString(5, r.transferSyntaxUid());
        p.setLong(6, r.size());
        p.setString(7, r.sha256());
        p.setString(8, r.blobKey());
        p.setLong(9, r.created().toEpochMilli());
        p.setInt(10, IndexedAttribute.DECLARATION_VERSION);
        p.setString(11, "PAT-3");
        p.setString(12, "US");
        p.executeUpdate();
      }
      try (java.sql.PreparedStatement p = c.prepareStatement(
          "INSERT INTO instance_metadata (sop_instance_uid, document) VALUES (?, ?)")) {
        p.setString(1, r.sopInstanceUid());
        p.setString(2, Records.DOCUMENT);
        p.executeUpdate();
      }
      new Hierarchy(dialect(), 3, false).rebuild(c, InstanceIndex.DEFAULT_TENANT, r.studyInstanceUid());
      c.commit();
    }
    index = reopenIndex();
    InstanceRecord back = index.find(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow();
    assertEquals(r.sha256(), back.sha256());
    assertEquals(r.blobKey(), back.blobKey());
    assertEquals("PAT-3", back.values().getOrEmpty(IndexedAttribute.PATIENT_ID));
    assertEquals(Records.DOCUMENT, index.metadata(InstanceIndex.DEFAULT_TENANT, r.sopInstanceUid()).orElseThrow());
    AttributeValues study = index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.STUDY)).rows().get(0)
        .values();
    assertEquals("US", study.getOrEmpty(IndexedAttribute.MODALITIES_IN_STUDY), "study and series rows carried over");
    assertEquals(1, index.query(InstanceIndex.DEFAULT_TENANT, IndexQuery.of(QueryLevel.SERIES)).total());
    assertEquals(Optional.empty(), index.find("alpha", r.sopInstanceUid()));
    assertTrue(index.insertIfAbsent("alpha", r, Records.DOCUMENT).inserted(), "the UID is free in other tenants");
    assertEquals(List.of(), index.staleInstances(10));
  }

  private static List<String> uids(List<InstanceKey> keys) {
    return keys.stream().map(InstanceKey::sopInstanceUid).toList();
  }
}
