package dev.lightbox.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.testing.TestS3Server;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract against a real S3 server (s3proxy) on 127.0.0.1, plus multipart and outages. */
class S3BlobStoreTest extends BlobStoreContract {

  private TestS3Server server;

  @Override
  protected BlobStore createStore() throws Exception {
    server = TestS3Server.start("lightbox-test");
    return S3BlobStore.open(server.config());
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void largeStreamsUseMultipartAndRoundTrip() throws Exception {
    byte[] content = randomBytes(12 * 1024 * 1024 + 17, 30); // three parts of 5 MiB
    BlobInfo info = store.put(new ByteArrayInputStream(content));
    assertEquals(sha256Hex(content), info.sha256());
    assertEquals(content.length, info.size());
    assertArrayEquals(content, readAll(store.open(info.key())));
    assertArrayEquals(Arrays.copyOfRange(content, 6_000_000, 6_000_100),
        readAll(store.openRange(info.key(), 6_000_000, 100)));
    assertEquals(0, store.purgeTemporaries(Instant.now().plusSeconds(60)), "the tmp object was removed");
  }

  @Test
  void largeFilesUploadStraightToTheirAddress() throws Exception {
    byte[] content = randomBytes(11 * 1024 * 1024, 31);
    Path file = Files.write(tempDir.resolve("big"), content);
    BlobInfo info = store.putFile(file, sha256Hex(content));
    assertArrayEquals(content, readAll(store.open(info.key())));
  }

  @Test
  void aLargeFileWithAWrongHashIsAbortedBeforeItBecomesVisible() throws Exception {
    byte[] content = randomBytes(11 * 1024 * 1024, 32);
    Path file = Files.write(tempDir.resolve("big"), content);
    String wrong = sha256Hex(new byte[] {1});
    StorageException e = assertThrows(StorageException.class, () -> store.putFile(file, wrong));
    assertEquals(StorageException.Reason.INTEGRITY, e.reason());
    assertFalse(store.exists(BlobKey.ofSha256(wrong)));
    assertEquals(0, store.purgeTemporaries(Instant.now().plusSeconds(60)), "the multipart upload was aborted");
  }

  @Test
  void aStoppedServerIsUnavailableNotAHang() throws Exception {
    BlobKey key = store.put(new ByteArrayInputStream(randomBytes(100, 33))).key();
    server.stop();
    long start = System.nanoTime();
    for (StorageExceptionCall call : new StorageExceptionCall[] {
        () -> store.open(key), () -> store.info(key), () -> store.check(),
        () -> store.put(new ByteArrayInputStream(new byte[10]))}) {
      StorageException e = assertThrows(StorageException.class, call::run);
      assertTrue(e.reason() == StorageException.Reason.UNAVAILABLE
          || e.reason() == StorageException.Reason.TIMEOUT, e.reason() + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("s3:"), e.getMessage());
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
  }

  @Test
  void aMissingBucketIsATypedFailure() throws Exception {
    try (BlobStore other = S3BlobStore.open(S3Config.selfHosted(server.endpoint(), "no-such-bucket",
        TestS3Server.ACCESS_KEY, TestS3Server.SECRET_KEY))) {
      StorageException e = assertThrows(StorageException.class, other::check);
      assertEquals(StorageException.Reason.IO, e.reason());
    }
  }

  @FunctionalInterface
  interface StorageExceptionCall {
    void run() throws Exception;
  }
}
