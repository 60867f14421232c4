package dev.lightbox.storage.ingest;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import dev.lightbox.storage.testing.FaultyBlobStore;
import dev.lightbox.storage.testing.FaultyIndex;
import dev.lightbox.storage.testing.MutableClock;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest protocol on the embedded defaults (filesystem blobs, SQLite index). */
class IngestorTest {

  private static final Duration LEASE = Duration.ofMinutes(30);
  private static final Duration GRACE = Duration.ofHours(1);

  @TempDir Path dir;
  private MutableClock clock;
  private FaultyBlobStore blobs;
  private FaultyIndex index;
  private Ingestor ingestor;
  private Sweeper sweeper;

  @BeforeEach
  void setUp() throws Exception {
    clock = new MutableClock(Instant.now());
    blobs = new FaultyBlobStore(FileSystemBlobStore.open(dir.resolve("blobs")));
    index = new FaultyIndex(SqliteInstanceIndex.open(dir.resolve("db")));
    ingestor = configure(new Ingestor(blobs, index, LEASE, clock));
    sweeper = new Sweeper(blobs, index, GRACE, clock);
  }

  /** Subclasses run every case with another ingestor configuration (group commit). */
  Ingestor configure(Ingestor plain) {
    return plain;
  }

  @AfterEach
  void tearDown() throws Exception {
    index.close();
    blobs.close();
  }

  private static IngestRequest request(String sopUid) {
    return new IngestRequest("1.2.840.10008.1.2.1", AttributeValues.builder()
        .put(IndexedAttribute.SOP_INSTANCE_UID, sopUid).put(IndexedAttribute.STUDY_INSTANCE_UID, "1.2.3.1")
        .put(IndexedAttribute.SERIES_INSTANCE_UID, "1.2.3.1.1")
        .put(IndexedAttribute.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.7")
        .put(IndexedAttribute.PATIENT_ID, "PID-7").put(IndexedAttribute.PATIENT_NAME, "Roe^Richard")
        .put(IndexedAttribute.STUDY_DATE, "20040119").put(IndexedAttribute.MODALITY, "OT")
        .put(IndexedAttribute.ROWS, "64").put(IndexedAttribute.COLUMNS, "32").build(),
        "{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"" + sopUid + "\"]}}", false);
  }

  private Path file(String name, long seed) throws Exception {
    byte[] b = new byte[20_000];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }

  private static String sha(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  private Set<BlobKey> storedBlobs() throws Exception {
    try (Stream<BlobInfo> s = blobs.list()) {
      return s.map(BlobInfo::key).collect(Collectors.toSet());
    }
  }

  /**
   * A new instance costs two index transactions, not three: the lease, then its row with the
   * lease's release; no release of its own. And a file the caller synced reaches the store as
   * synced (the filesystem store then does not fsync it again).
   */
  @Test
  void aNewInstancesLeaseGoesWithItsRowAndASyncedFileIsPutAsSynced() throws Exception {
    java.util.List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    InstanceIndex counted = (InstanceIndex) java.lang.reflect.Proxy.newProxyInstance(
        InstanceIndex.class.getClassLoader(), new Class<?>[] {InstanceIndex.class},
        (proxy, method, args) -> {
          calls.add(method.getName());
          try {
            return method.invoke(index, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    java.util.List<String> puts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    BlobStore watched = (BlobStore) java.lang.reflect.Proxy.newProxyInstance(
        BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
        (proxy, method, args) -> {
          if (method.getName().startsWith("put")) {
            puts.add(method.getName());
          }
          try {
            return method.invoke(blobs, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Ingestor countedIngestor = configure(new Ingestor(watched, counted, LEASE, clock));
    Path f = file("synced", 77);
    assertEquals(IngestStatus.STORED,
        countedIngestor.ingestSynced(InstanceIndex.DEFAULT_TENANT, f, sha(f), request("1.2.3.77")).status());
    assertTrue(calls.contains("insertAllIfAbsentReleasingLeases"), calls.toString());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("releaseBlobLease")), calls.toString());
    assertTrue(puts.stream().allMatch(p -> p.startsWith("putSynced")) && !puts.isEmpty(),
        puts.toString());
    assertEquals(java.util.Optional.of(sha(f)),
        index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.77").map(dev.lightbox.storage.index.InstanceRecord::sha256));
  }

  private byte[] read(BlobKey key) throws Exception {
    try (InputStream in = blobs.open(key)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aNewInstanceIsStoredBlobFirstThenRow() throws Exception {
    Path f = file("a.dcm", 1);
    IngestResult r = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, sha(f), request("1.2.3.1.1.1"));
    assertEquals(IngestStatus.STORED, r.status());
    InstanceRecord row = index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.1").orElseThrow();
    assertEquals(r.record(), row);
    assertEquals(sha(f), row.sha256());
    assertEquals(Files.size(f), row.size());
    assertArrayEquals(Files.readAllBytes(f), read(BlobKey.parse(row.blobKey())));
    assertEquals(clock.instant().toEpochMilli(), row.created().toEpochMilli());
    assertTrue(Files.exists(f), "the temp file stays the caller's");
  }

  @Test
  void identicalContentIsIdempotent() throws Exception {
    Path f = file("a.dcm", 2);
    InstanceRecord first = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.2")).record();
    clock.advance(Duration.ofSeconds(5));
    IngestResult again = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.2"));
    assertEquals(IngestStatus.ALREADY_STORED, again.status());
    assertEquals(first, again.record(), "nothing changed, not even the creation time");
    assertEquals(1, index.count());
    // Asking for replacement with the same bytes is also a no-op.
    assertEquals(IngestStatus.ALREADY_STORED, ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.2").withReplace(true)).status());
  }

  @Test
  void differentContentUnderTheSameUidIsAConflict() throws Exception {
    Path a = file("a.dcm", 3);
    Path b = file("b.dcm", 4);
    InstanceRecord stored = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.3")).record();
    ConflictException e = assertThrows(ConflictException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, b, request("1.2.3.1.1.3")));
    assertEquals(stored, e.existing());
    assertEquals(sha(b), e.offeredSha256());
    assertEquals(stored, index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.3").orElseThrow());
    assertEquals(Set.of(BlobKey.ofSha256(sha(a))), storedBlobs(), "the refused content was not kept");
  }

  @Test
  void replaceSwapsTheContentAndReleasesTheOldBlobAfterTheRowCommits() throws Exception {
    Path a = file("a.dcm", 5);
    Path b = file("b.dcm", 6);
    InstanceRecord old = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.4")).record();
    IngestResult r = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, b, request("1.2.3.1.1.4").withReplace(true));
    assertEquals(IngestStatus.REPLACED, r.status());
    assertEquals(old, r.replaced().orElseThrow());
    assertEquals(sha(b), index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.4").orElseThrow().sha256());
    assertEquals(Set.of(BlobKey.ofSha256(sha(b))), storedBlobs());
  }

  @Test
  void replaceKeepsAnOldBlobThatAnotherInstanceShares() throws Exception {
    Path a = file("a.dcm", 7);
    Path b = file("b.dcm", 8);
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.5"));
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.6")); // same bytes, second SOP Instance UID
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, b, request("1.2.3.1.1.5").withReplace(true));
    assertEquals(Set.of(BlobKey.ofSha256(sha(a)), BlobKey.ofSha256(sha(b))), storedBlobs());
  }

  @Test
  void deleteRemovesTheBlobOnlyWithItsLastReference() throws Exception {
    Path a = file("a.dcm", 9);
    BlobKey key = BlobKey.ofSha256(sha(a));
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.7"));
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.8"));
    assertTrue(ingestor.delete(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.7").isPresent());
    assertTrue(blobs.exists(key), "still referenced by 1.2.3.1.1.8");
    assertTrue(ingestor.delete(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.8").isPresent());
    assertFalse(blobs.exists(key));
    assertEquals(Optional.empty(), ingestor.delete(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.8"));
  }

  @Test
  void concurrentIngestsOfOneUidMakeOneRowAndAllSucceed() throws Exception {
    Path f = file("a.dcm", 10);
    String sha = sha(f);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<IngestResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, sha, request("1.2.3.1.1.9"));
        }));
      }
      int stored = 0;
      for (Future<IngestResult> r : results) {
        IngestStatus s = r.get().status();
        assertTrue(s == IngestStatus.STORED || s == IngestStatus.ALREADY_STORED, s.toString());
        stored += s == IngestStatus.STORED ? 1 : 0;
      }
      assertEquals(1, stored);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, index.count());
    assertArrayEquals(Files.readAllBytes(f), read(BlobKey.ofSha256(sha)));
  }

  @Test
  void concurrentDifferentContentWithoutReplaceHasOneWinnerAndKeepsOnlyItsBlob() throws Exception {
    int threads = 6;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      files.add(file("c" + i, 100 + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    int stored = 0;
    int conflicts = 0;
    try {
      List<Future<IngestResult>> results = new ArrayList<>();
      for (Path f : files) {
        results.add(pool.submit(() -> {
          start.await();
          return ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.10"));
        }));
      }
      for (Future<IngestResult> r : results) {
        try {
          assertEquals(IngestStatus.STORED, r.get().status());
          stored++;
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof ConflictException, e.getCause().toString());
          conflicts++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, stored);
    assertEquals(threads - 1, conflicts);
    InstanceRecord winner = index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.10").orElseThrow();
    assertEquals(Set.of(BlobKey.parse(winner.blobKey())), storedBlobs());
  }

  @Test
  void aDeleteRacingAnIngestOfTheSameContentNeverLeavesARowWithoutItsBlob() throws Exception {
    Path f = file("a.dcm", 11);
    String sha = sha(f);
    BlobKey key = BlobKey.ofSha256(sha);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 40; round++) {
        String a = "1.2.3.2." + round + ".1";
        String b = "1.2.3.2." + round + ".2";
        ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, sha, request(a));
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> del = pool.submit(() -> {
          start.await();
          return ingestor.delete(InstanceIndex.DEFAULT_TENANT, a);
        });
        Future<IngestResult> ing = pool.submit(() -> {
          start.await();
          return ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, sha, request(b));
        });
        del.get();
        assertEquals(IngestStatus.STORED, ing.get().status());
        assertTrue(blobs.exists(key), "round " + round + ": row " + b + " refers to a deleted blob");
        ingestor.delete(InstanceIndex.DEFAULT_TENANT, b);
        assertFalse(blobs.exists(key));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCrashBetweenBlobAndRowLeavesAnOrphanTheSweeperRemovesAfterTheGracePeriod() throws Exception {
    Path f = file("a.dcm", 12);
    BlobKey key = BlobKey.ofSha256(sha(f));
    // The crashed ingest: lease taken, blob written, process gone before the row and the release.
    index.acquireBlobLease(key.value(), clock.instant().plus(LEASE));
    blobs.putFile(f, key.sha256());

    assertEquals(0, sweeper.sweep().deleted(), "young and leased: an ingest may still be in flight");
    clock.advance(GRACE.plusMinutes(1));
    SweepReport report = sweeper.sweep();
    assertEquals(1, report.examined());
    assertEquals(1, report.deleted());
    assertFalse(blobs.exists(key));
    assertEquals(0, index.count());
  }

  @Test
  void theSweeperKeepsReferencedAndYoungBlobs() throws Exception {
    Path a = file("a.dcm", 13);
    Path orphan = file("b.dcm", 14);
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, a, request("1.2.3.1.1.11"));
    BlobKey orphanKey = blobs.putFile(orphan, sha(orphan)).key(); // no lease, no row, but new
    assertEquals(0, sweeper.sweep().deleted());
    clock.advance(GRACE.plusSeconds(1));
    assertEquals(1, sweeper.sweep().deleted());
    assertFalse(blobs.exists(orphanKey));
    assertTrue(blobs.exists(BlobKey.ofSha256(sha(a))));
  }

  @Test
  void aSweeperSkipsTheRoundWhileAnotherHoldsTheSweepLock() throws Exception {
    Path orphan = file("b.dcm", 16);
    BlobKey orphanKey = blobs.putFile(orphan, sha(orphan)).key();
    clock.advance(GRACE.plusSeconds(1));
    // Another index on the same database file stands for a second node's sweeper.
    try (var other = SqliteInstanceIndex.open(dir.resolve("db"))) {
      Sweeper otherSweeper = new Sweeper(blobs, other, GRACE, clock);
      SweepReport whileHeld = index.tryExclusive(Sweeper.LOCK_NAME, otherSweeper::sweep).orElseThrow();
      assertTrue(whileHeld.skipped(), "the lock is held: this round does nothing");
      assertEquals(0, whileHeld.examined());
      assertTrue(blobs.exists(orphanKey));
      SweepReport next = otherSweeper.sweep();
      assertFalse(next.skipped());
      assertEquals(1, next.deleted());
    }
    assertFalse(blobs.exists(orphanKey));
  }

  @Test
  void theDatabaseFailingBetweenBlobAndRowIsTypedAndTheRetrySucceeds() throws Exception {
    Path f = file("a.dcm", 15);
    index.failRowWrites(true);
    StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.12")));
    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("insert"), e.getMessage());
    assertEquals(Optional.empty(), index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.12"), "no row became visible");
    index.failRowWrites(false);
    assertEquals(IngestStatus.STORED, ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.12")).status());
    clock.advance(GRACE.plusHours(1));
    assertEquals(0, sweeper.sweep().deleted(), "the blob is referenced now");
  }

  @Test
  void aFullDiskDuringTheBlobWriteIsTypedLeavesNothingAndTheRetrySucceeds() throws Exception {
    Path f = file("a.dcm", 16);
    blobs.fullAfter(4096);
    StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.13")));
    assertEquals(Reason.FULL, e.reason());
    assertEquals(0, index.count());
    assertEquals(Set.of(), storedBlobs());
    blobs.fullAfter(-1);
    assertEquals(IngestStatus.STORED, ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.13")).status());
  }

  @Test
  void theDatabaseDownBeforeAnythingIsWrittenIsTyped() throws Exception {
    Path f = file("a.dcm", 17);
    index.down(true);
    StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.14")));
    assertEquals(Reason.UNAVAILABLE, e.reason());
    index.down(false);
    assertEquals(Set.of(), storedBlobs());
  }

  @Test
  void aDeleteWhileTheBlobStoreIsDownSucceedsAndTheSweeperFinishesIt() throws Exception {
    Path f = file("a.dcm", 18);
    BlobKey key = BlobKey.ofSha256(sha(f));
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.1.1.15"));
    blobs.down(true);
    assertTrue(ingestor.delete(InstanceIndex.DEFAULT_TENANT, "1.2.3.1.1.15").isPresent());
    assertThrows(StorageException.class, () -> sweeper.sweep());
    blobs.down(false);
    assertTrue(blobs.exists(key), "left behind while the store was down");
    // The blob's age is its real mtime against the test clock, which started at setUp: on a
    // loaded machine seconds pass in between, so a margin of one second was flaky.
    clock.advance(GRACE.plusMinutes(5));
    assertEquals(1, sweeper.sweep().deleted());
    assertFalse(blobs.exists(key));
  }

  @Test
  void listingThroughTheIndexSeesIngestedInstances() throws Exception {
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      ingestor.ingest(InstanceIndex.DEFAULT_TENANT, file("f" + i, 200 + i), request("1.2.3.1.2." + i));
    }
    var page = index.list(InstanceIndex.DEFAULT_TENANT, InstanceQuery.all().patientId("PID-7").page(2, 1));
    assertEquals(5, page.total());
    assertEquals(List.of("1.2.3.1.2.1", "1.2.3.1.2.2"),
        page.items().stream().map(InstanceRecord::sopInstanceUid).collect(Collectors.toList()));
  }

  @Test
  void invalidUidsAreRejectedBeforeAnyWrite() throws Exception {
    Path f = file("a.dcm", 19);
    assertThrows(IllegalArgumentException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.abc")));
    assertThrows(IllegalArgumentException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, "not-a-hash", request("1.2.3.1.1.16")));
    assertEquals(Set.of(), storedBlobs());
  }
}
