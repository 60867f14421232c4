package dev.lightbox.storage.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.S3BlobStore;
import dev.lightbox.storage.blob.Sha256;
import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.PostgresConfig;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.testing.FaultyBlobStore;
import dev.lightbox.storage.testing.TestPostgres;
import dev.lightbox.storage.testing.TestS3Server;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest protocol on the cluster backends (S3 via s3proxy, PostgreSQL), with real outages. */
class ClusterModeIngestTest {

  @TempDir Path dir;
  private TestS3Server s3;
  private S3BlobStore blobs;
  private InstanceIndex index;
  private Ingestor ingestor;

  @BeforeEach
  void setUp() throws Exception {
    String url = TestPostgres.requireUrl();
    TestPostgres.dropAll(url);
    index = PostgresInstanceIndex.open(PostgresConfig.of(url).withConnectionTimeout(Duration.ofSeconds(2)));
    s3 = TestS3Server.start("lightbox-cluster");
    blobs = S3BlobStore.open(s3.config());
    ingestor = new Ingestor(blobs, index, Duration.ofMinutes(30), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (index != null) {
      index.close();
    }
    if (blobs != null) {
      blobs.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static IngestRequest request(String uid) {
    return new IngestRequest("1.2.840.10008.1.2.1", AttributeValues.builder()
        .put(IndexedAttribute.SOP_INSTANCE_UID, uid).put(IndexedAttribute.STUDY_INSTANCE_UID, "1.2.3.7")
        .put(IndexedAttribute.SERIES_INSTANCE_UID, "1.2.3.7.1")
        .put(IndexedAttribute.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.4")
        .put(IndexedAttribute.PATIENT_ID, "PID-9").put(IndexedAttribute.PATIENT_NAME, "Poe^Edgar")
        .put(IndexedAttribute.STUDY_DATE, "20200229").put(IndexedAttribute.MODALITY, "MR")
        .put(IndexedAttribute.ROWS, "256").put(IndexedAttribute.COLUMNS, "256")
        .put(IndexedAttribute.NUMBER_OF_FRAMES, "3").build(), "{}", false);
  }

  @Test
  void onlyOneNodeSweepsAtATime() throws Exception {
    Path f = file(9, 1000);
    try (InstanceIndex otherNode = PostgresInstanceIndex.open(PostgresConfig.of(TestPostgres.requireUrl()))) {
      Sweeper here = new Sweeper(blobs, index, Duration.ZERO, Clock.systemUTC());
      Sweeper there = new Sweeper(blobs, otherNode, Duration.ZERO, Clock.systemUTC());
      BlobKey orphan = blobs.putFile(f, Sha256.of(f)).key();
      Thread.sleep(5); // older than the zero grace period
      SweepReport skipped = otherNode.tryExclusive(Sweeper.LOCK_NAME, here::sweep).orElseThrow();
      assertTrue(skipped.skipped(), "the other node holds the sweep lock");
      assertTrue(blobs.exists(orphan));
      SweepReport swept = there.sweep();
      assertFalse(swept.skipped());
      assertEquals(1, swept.deleted());
      assertFalse(blobs.exists(orphan));
    }
  }

  /**
   * The interleaving of issue 16: node A has written a blob and is about to insert its row when
   * node B's sweeper runs, with a zero grace so the blob is already "old enough". The ingest lease
   * A took before writing (in the shared index) keeps the blob; A's row then commits and the
   * instance reads back. Control: the same sweep, same moment, deletes a blob nobody leased.
   */
  @Test
  void aSweeperOnAnotherNodeKeepsABlobWrittenButNotYetReferenced() throws Exception {
    Path f = file(10, 3000);
    Path unleased = file(11, 3000);
    BlobKey key = BlobKey.ofSha256(Sha256.of(f));
    try (InstanceIndex nodeB = PostgresInstanceIndex.open(PostgresConfig.of(TestPostgres.requireUrl()))) {
      Sweeper sweeperB = new Sweeper(blobs, nodeB, Duration.ZERO, Clock.systemUTC());
      FaultyBlobStore nodeABlobs = new FaultyBlobStore(blobs);
      Ingestor nodeA = new Ingestor(nodeABlobs, index, Duration.ofMinutes(1), Clock.systemUTC());
      AtomicReference<SweepReport> during = new AtomicReference<>();
      AtomicReference<Boolean> orphanKeptDuring = new AtomicReference<>();
      BlobKey orphan = blobs.putFile(unleased, Sha256.of(unleased)).key();
      nodeABlobs.afterPut(written -> {
        if (!written.key().equals(key)) {
          return;
        }
        nodeABlobs.afterPut(null);
        assertEquals(Optional.empty(), index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.7.1.10"), "the row is not there yet");
        Thread.sleep(1100); // both blobs older than the zero grace, whatever S3's time resolution
        during.set(sweeperB.sweep());
        orphanKeptDuring.set(blobs.exists(orphan));
      });
      IngestResult r = nodeA.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.7.1.10"));
      SweepReport report = during.get();
      assertFalse(report.skipped(), "node B held the sweep lock and ran");
      assertEquals(2, report.examined(), report.toString());
      assertEquals(1, report.deleted(), "only the unleased blob: " + report);
      assertFalse(orphanKeptDuring.get(), "the sweep deletes an old blob that no lease or row protects");
      assertEquals(IngestStatus.STORED, r.status());
      assertTrue(blobs.exists(key), "the leased blob survived node B's sweep");
      try (InputStream in = blobs.open(BlobKey.parse(index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.7.1.10").orElseThrow().blobKey()))) {
        assertArrayEquals(Files.readAllBytes(f), in.readAllBytes());
      }
      // Referenced now: later sweeps keep it too.
      assertEquals(0, sweeperB.sweep().deleted());
      assertTrue(blobs.exists(key));
    }
  }

  private Path file(long seed, int size) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve("f" + seed), b);
  }

  @Test
  void storeReadDeleteOnS3AndPostgres() throws Exception {
    Path f = file(1, 6 * 1024 * 1024); // above one part: multipart straight to the content address
    IngestResult r = ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.7.1.1"));
    assertEquals(IngestStatus.STORED, r.status());
    try (InputStream in = blobs.open(BlobKey.parse(r.record().blobKey()))) {
      assertArrayEquals(Files.readAllBytes(f), in.readAllBytes());
    }
    assertEquals(IngestStatus.ALREADY_STORED, ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.7.1.1")).status());
    assertTrue(ingestor.delete(InstanceIndex.DEFAULT_TENANT, "1.2.3.7.1.1").isPresent());
    assertFalse(blobs.exists(BlobKey.parse(r.record().blobKey())));
  }

  @Test
  void s3StoppingMidTestIsUnavailableAndLeavesNoRow() throws Exception {
    Path before = file(2, 1000);
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, before, request("1.2.3.7.1.2"));
    s3.stop();
    Path f = file(3, 1000);
    StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.7.1.3")));
    assertTrue(e.reason() == Reason.UNAVAILABLE || e.reason() == Reason.TIMEOUT, e.reason() + " " + e.getMessage());
    assertTrue(e.getMessage().contains("s3:"), e.getMessage());
    assertEquals(Optional.empty(), index.find(InstanceIndex.DEFAULT_TENANT, "1.2.3.7.1.3"));
    assertEquals(1, index.count());
  }

  @Test
  void postgresStoppingMidTestIsUnavailableAndTheRetrySucceeds() throws Exception {
    TestPostgres.requireControllable();
    Path f = file(4, 1000);
    ingestor.ingest(InstanceIndex.DEFAULT_TENANT, file(5, 1000), request("1.2.3.7.1.4"));
    TestPostgres.stopServer();
    try {
      StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.7.1.5")));
      assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("postgresql:"), e.getMessage());
    } finally {
      TestPostgres.startServer();
    }
    assertEquals(IngestStatus.STORED, ingestor.ingest(InstanceIndex.DEFAULT_TENANT, f, request("1.2.3.7.1.5")).status());
    assertEquals(2, index.count());
  }
}
