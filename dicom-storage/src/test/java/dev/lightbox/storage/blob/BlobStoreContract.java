package dev.lightbox.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BlobStore} contract; each implementation's test only builds the store. Expected hashes
 * come from the JDK's MessageDigest directly, not from the code under test.
 */
public abstract class BlobStoreContract {

  @TempDir protected Path tempDir;
  protected BlobStore store;

  protected abstract BlobStore createStore() throws Exception;

  /** Whether putFile re-hashes the file (the filesystem store's zero-copy path trusts the caller). */
  protected boolean putFileVerifiesHash() {
    return true;
  }

  @BeforeEach
  void setUpStore() throws Exception {
    store = createStore();
  }

  @AfterEach
  void tearDownStore() throws Exception {
    store.close();
  }

  protected static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  protected static String sha256Hex(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  protected static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void putReturnsTheContentAddressAndSize() throws Exception {
    byte[] content = randomBytes(10_000, 1);
    BlobInfo info = store.put(new ByteArrayInputStream(content));
    String expected = sha256Hex(content);
    assertEquals(expected, info.sha256());
    assertEquals("sha256/" + expected.substring(0, 2) + "/" + expected.substring(2, 4) + "/" + expected,
        info.key().value());
    assertEquals(content.length, info.size());
  }

  @Test
  void knownVectorForTheEmptyBlob() throws Exception {
    // FIPS 180-4 test vector: SHA-256 of the empty message.
    BlobInfo info = store.put(InputStream.nullInputStream());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", info.sha256());
    assertEquals(0, info.size());
    assertArrayEquals(new byte[0], readAll(store.open(info.key())));
  }

  @Test
  void openReturnsTheExactBytes() throws Exception {
    byte[] content = randomBytes(300_001, 2);
    BlobInfo info = store.put(new ByteArrayInputStream(content));
    assertArrayEquals(content, readAll(store.open(info.key())));
    assertEquals(info.size(), store.info(info.key()).size());
    assertTrue(store.exists(info.key()));
  }

  @Test
  void openRangeReturnsTheSlice() throws Exception {
    byte[] content = randomBytes(100_000, 3);
    BlobKey key = store.put(new ByteArrayInputStream(content)).key();
    assertArrayEquals(java.util.Arrays.copyOfRange(content, 1234, 1234 + 5000),
        readAll(store.openRange(key, 1234, 5000)));
    assertArrayEquals(java.util.Arrays.copyOfRange(content, 99_999, 100_000),
        readAll(store.openRange(key, 99_999, 1)));
    assertArrayEquals(new byte[0], readAll(store.openRange(key, 500, 0)));
    assertArrayEquals(content, readAll(store.openRange(key, 0, content.length)));
  }

  @Test
  void rangeOutsideTheBlobIsRejected() throws Exception {
    BlobKey key = store.put(new ByteArrayInputStream(randomBytes(100, 4))).key();
    assertThrows(IllegalArgumentException.class, () -> store.openRange(key, 50, 51));
    assertThrows(IllegalArgumentException.class, () -> store.openRange(key, -1, 10));
    assertThrows(IllegalArgumentException.class, () -> store.openRange(key, 101, 0));
  }

  @Test
  void putOfTheSameContentIsIdempotent() throws Exception {
    byte[] content = randomBytes(5000, 5);
    BlobInfo a = store.put(new ByteArrayInputStream(content));
    BlobInfo b = store.put(new ByteArrayInputStream(content));
    assertEquals(a.key(), b.key());
    try (Stream<BlobInfo> all = store.list()) {
      assertEquals(1, all.count());
    }
  }

  @Test
  void putFileStoresTheContentAndLeavesTheSource() throws Exception {
    byte[] content = randomBytes(70_000, 6);
    Path file = Files.write(tempDir.resolve("upload.bin"), content);
    BlobInfo info = store.putFile(file, sha256Hex(content));
    assertEquals(sha256Hex(content), info.sha256());
    assertArrayEquals(content, readAll(store.open(info.key())));
    assertTrue(Files.exists(file), "the source stays the caller's");
    Files.delete(file);
    assertArrayEquals(content, readAll(store.open(info.key())), "deleting the source does not affect the blob");
    // And again, now that the blob exists.
    Path again = Files.write(tempDir.resolve("again.bin"), content);
    assertEquals(info.key(), store.putFile(again, sha256Hex(content)).key());
  }

  @Test
  void putFileWithAWrongHashIsAnIntegrityFailureAndStoresNothing() throws Exception {
    if (!putFileVerifiesHash()) {
      return;
    }
    byte[] content = randomBytes(1000, 7);
    Path file = Files.write(tempDir.resolve("bad.bin"), content);
    String wrong = sha256Hex(randomBytes(10, 8));
    StorageException e = assertThrows(StorageException.class, () -> store.putFile(file, wrong));
    assertEquals(StorageException.Reason.INTEGRITY, e.reason());
    assertFalse(store.exists(BlobKey.ofSha256(wrong)));
    assertFalse(store.exists(BlobKey.ofSha256(sha256Hex(content))));
  }

  @Test
  void missingBlobsAreNotFoundNeverNull() throws Exception {
    BlobKey missing = BlobKey.ofSha256(sha256Hex(new byte[] {42}));
    assertThrows(BlobNotFoundException.class, () -> store.open(missing));
    assertThrows(BlobNotFoundException.class, () -> store.openRange(missing, 0, 1));
    BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.info(missing));
    assertEquals(missing, e.key());
    assertEquals(StorageException.Reason.NOT_FOUND, e.reason());
    assertFalse(store.exists(missing));
    assertFalse(store.delete(missing));
  }

  @Test
  void deleteRemovesTheBlob() throws Exception {
    BlobKey key = store.put(new ByteArrayInputStream(randomBytes(2000, 9))).key();
    assertTrue(store.delete(key));
    assertFalse(store.exists(key));
    assertThrows(BlobNotFoundException.class, () -> store.open(key));
    assertFalse(store.delete(key));
  }

  @Test
  void listReturnsEveryBlobOnce() throws Exception {
    Set<BlobKey> expected = new java.util.HashSet<>();
    for (int i = 0; i < 7; i++) {
      expected.add(store.put(new ByteArrayInputStream(randomBytes(100 + i, 100 + i))).key());
    }
    try (Stream<BlobInfo> all = store.list()) {
      List<BlobInfo> listed = all.collect(Collectors.toList());
      assertEquals(expected, listed.stream().map(BlobInfo::key).collect(Collectors.toSet()));
      assertEquals(expected.size(), listed.size());
      for (BlobInfo i : listed) {
        assertEquals(store.info(i.key()).size(), i.size());
      }
    }
  }

  @Test
  void concurrentPutsOfTheSameContentAllSucceed() throws Exception {
    byte[] content = randomBytes(200_000, 10);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<BlobInfo>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        Callable<BlobInfo> put = () -> {
          if (n % 2 == 0) {
            return store.put(new ByteArrayInputStream(content));
          }
          Path f = Files.write(tempDir.resolve("c" + n), content);
          return store.putFile(f, sha256Hex(content));
        };
        results.add(pool.submit(put));
      }
      for (Future<BlobInfo> f : results) {
        assertEquals(sha256Hex(content), f.get().sha256());
      }
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(content, readAll(store.open(BlobKey.ofSha256(sha256Hex(content)))));
  }

  @Test
  void aPutWhoseSourceFailsLeavesNothingVisible() throws Exception {
    byte[] content = randomBytes(50_000, 11);
    InputStream failing = new InputStream() {
      int pos;

      @Override
      public int read() throws IOException {
        if (pos >= 20_000) {
          throw new IOException("client went away at byte " + pos);
        }
        return content[pos++] & 0xff;
      }
    };
    assertThrows(StorageException.class, () -> store.put(failing));
    try (Stream<BlobInfo> all = store.list()) {
      assertEquals(0, all.count());
    }
  }

  @Test
  void checkPassesOnAHealthyStore() throws Exception {
    store.check();
    assertFalse(store.describe().isBlank());
  }
}
