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
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.PostgresConfig;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.testing.TestPostgres;
import dev.lightbox.storage.testing.TestS3Server;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Random;
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
    return new IngestRequest(uid, "1.2.3.7", "1.2.3.7.1", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.1.2.1",
        "PID-9", "Poe^Edgar", Optional.of(LocalDate.of(2020, 2, 29)), "MR", 256, 256, 3, "{}", false);
  }

  private Path file(long seed, int size) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve("f" + seed), b);
  }

  @Test
  void storeReadDeleteOnS3AndPostgres() throws Exception {
    Path f = file(1, 6 * 1024 * 1024); // above one part: multipart straight to the content address
    IngestResult r = ingestor.ingest(f, request("1.2.3.7.1.1"));
    assertEquals(IngestStatus.STORED, r.status());
    try (InputStream in = blobs.open(BlobKey.parse(r.record().blobKey()))) {
      assertArrayEquals(Files.readAllBytes(f), in.readAllBytes());
    }
    assertEquals(IngestStatus.ALREADY_STORED, ingestor.ingest(f, request("1.2.3.7.1.1")).status());
    assertTrue(ingestor.delete("1.2.3.7.1.1").isPresent());
    assertFalse(blobs.exists(BlobKey.parse(r.record().blobKey())));
  }

  @Test
  void s3StoppingMidTestIsUnavailableAndLeavesNoRow() throws Exception {
    Path before = file(2, 1000);
    ingestor.ingest(before, request("1.2.3.7.1.2"));
    s3.stop();
    Path f = file(3, 1000);
    StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(f, request("1.2.3.7.1.3")));
    assertTrue(e.reason() == Reason.UNAVAILABLE || e.reason() == Reason.TIMEOUT, e.reason() + " " + e.getMessage());
    assertTrue(e.getMessage().contains("s3:"), e.getMessage());
    assertEquals(Optional.empty(), index.find("1.2.3.7.1.3"));
    assertEquals(1, index.count());
  }

  @Test
  void postgresStoppingMidTestIsUnavailableAndTheRetrySucceeds() throws Exception {
    TestPostgres.requireControllable();
    Path f = file(4, 1000);
    ingestor.ingest(file(5, 1000), request("1.2.3.7.1.4"));
    TestPostgres.stopServer();
    try {
      StorageException e = assertThrows(StorageException.class, () -> ingestor.ingest(f, request("1.2.3.7.1.5")));
      assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("postgresql:"), e.getMessage());
    } finally {
      TestPostgres.startServer();
    }
    assertEquals(IngestStatus.STORED, ingestor.ingest(f, request("1.2.3.7.1.5")).status());
    assertEquals(2, index.count());
  }
}
