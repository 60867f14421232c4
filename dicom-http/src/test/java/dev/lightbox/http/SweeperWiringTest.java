package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server runs the orphan-blob sweeper (docs/storage.md): a blob that no index row refers to
 * (as a crash between blob write and index commit leaves) disappears after the grace period,
 * while the blob of a stored instance stays.
 */
class SweeperWiringTest {
  @TempDir Path data;

  @Test
  void serverSweepsOrphanBlobsButKeepsStoredOnes() throws Exception {
    BlobInfo orphan;
    try (FileSystemBlobStore store = FileSystemBlobStore.open(data.resolve("blobs"))) {
      orphan = store.put(new ByteArrayInputStream("left by a crash".getBytes()));
    }
    Path orphanFile = blobFile(orphan.sha256());
    assertTrue(Files.exists(orphanFile), "orphan written at " + orphanFile);

    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data)
        .withSweep(new ServerConfig.Sweep(Duration.ZERO, Duration.ofMillis(200))))) {
      TestClient client = new TestClient(server.baseUrl());
      assertEquals(201, client.upload(Corpus.pydicom("CT_small.dcm")).statusCode());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (Files.exists(orphanFile) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(500); // a few more sweeps, which must leave the stored instance alone
      assertFalse(Files.exists(orphanFile), "the sweeper removed the orphan blob");
      assertTrue(Files.exists(blobFile(LightboxServerTest.CT_SHA)), "stored blob kept");
      assertEquals(200, client.get("/instances/" + LightboxServerTest.CT_ID + "/file")
          .statusCode());
    }
  }

  private Path blobFile(String sha256) throws Exception {
    try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
      return files.filter(p -> p.getFileName().toString().equals(sha256)).findFirst()
          .orElse(data.resolve("blobs/missing-" + sha256));
    }
  }
}
