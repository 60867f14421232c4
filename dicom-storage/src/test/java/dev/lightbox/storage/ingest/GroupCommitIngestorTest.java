package dev.lightbox.storage.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link IngestorTest} again with group commit on (through the fault-injecting
 * wrappers, which take the interfaces' per-item batch defaults), plus concurrent uploads on the
 * real filesystem store and SQLite index, whose batches are single transactions.
 */
class GroupCommitIngestorTest extends IngestorTest {
  @Override
  Ingestor configure(Ingestor plain) {
    return plain.withGroupCommit();
  }

  @Test
  void concurrentUploadsShareBatchesAndEachIsStoredOnceWithItsBlobAndNoLeaseLeft(
      @org.junit.jupiter.api.io.TempDir Path root) throws Exception {
    int distinct = 24;
    int rivals = 6;
    try (FileSystemBlobStore store = FileSystemBlobStore.open(root.resolve("blobs"));
        InstanceIndex db = SqliteInstanceIndex.open(root.resolve("db"))) {
      Ingestor group = new Ingestor(store, db, Duration.ofMinutes(30), Clock.systemUTC())
          .withGroupCommit();
      ExecutorService pool = Executors.newFixedThreadPool(distinct + rivals);
      CyclicBarrier start = new CyclicBarrier(distinct + rivals);
      List<Future<IngestResult>> results = new ArrayList<>();
      try {
        for (int i = 0; i < distinct + rivals; i++) {
          byte[] bytes = new byte[8_000];
          new Random(i).nextBytes(bytes);
          Path f = Files.write(root.resolve("f" + i), bytes);
          String uid = i < distinct ? "1.2.3.4." + i : "1.2.3.4.999";
          results.add(pool.submit(() -> {
            start.await();
            return group.ingest(InstanceIndex.DEFAULT_TENANT, f, request(uid, "1.2.3.9." + (uid.hashCode() & 3)));
          }));
        }
        int stored = 0;
        int conflicts = 0;
        for (Future<IngestResult> r : results) {
          try {
            assertEquals(IngestStatus.STORED, r.get().status());
            stored++;
          } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof ConflictException, e.getCause().toString());
            conflicts++;
          }
        }
        assertEquals(distinct + 1, stored);
        assertEquals(rivals - 1, conflicts);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(distinct + 1, db.count());
      try (Stream<BlobInfo> s = store.list()) {
        Set<BlobKey> blobs = s.map(BlobInfo::key).collect(Collectors.toSet());
        assertEquals(distinct + 1, blobs.size(), "one blob per row, the rivals' removed");
      }
      assertTrue(group.groupCommitBatches() >= 1
          && group.groupCommitBatches() <= distinct + rivals, "batches");
      try (Connection c = DriverManager.getConnection(
          "jdbc:sqlite:" + root.resolve("db").resolve("index.db"));
          ResultSet rs = c.createStatement().executeQuery(
              "SELECT COALESCE(SUM(inflight), 0) FROM blob_refs")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1), "leases still held");
      }
    }
  }

  private static IngestRequest request(String sopUid, String study) {
    return new IngestRequest("1.2.840.10008.1.2.1", AttributeValues.builder()
        .put(IndexedAttribute.SOP_INSTANCE_UID, sopUid)
        .put(IndexedAttribute.STUDY_INSTANCE_UID, study)
        .put(IndexedAttribute.SERIES_INSTANCE_UID, study + ".1")
        .put(IndexedAttribute.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.7")
        .put(IndexedAttribute.PATIENT_ID, "PID-8").put(IndexedAttribute.MODALITY, "OT").build(),
        "{}", false);
  }
}
