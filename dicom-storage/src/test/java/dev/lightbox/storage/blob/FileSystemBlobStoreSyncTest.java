package dev.lightbox.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.storage.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which fsyncs a durable ({@link Durability#FULL}) filesystem store pays per blob (docs/storage.md,
 * "What each fsync is for"): a file the caller already synced is not synced again, first-level
 * shard directories are made durable at open, and a second-level directory's entry once per
 * process.
 */
class FileSystemBlobStoreSyncTest {

  @TempDir Path dir;

  @Test
  void openingCreatesAll256FirstLevelShardsAndSyncsTheirParentOnce() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.open(dir.resolve("blobs"));
    for (int i = 0; i < 256; i++) {
      assertTrue(Files.isDirectory(dir.resolve("blobs/sha256").resolve(String.format("%02x", i))));
    }
    // sha256/ (the 256 entries), blobs/ (sha256 and tmp), and blobs/'s own entry in its parent.
    assertEquals(3, store.dirSyncs());
    assertEquals(0, store.fileSyncs());
  }

  @Test
  void aSyncedFileIsLinkedWithoutASecondFileSync() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.open(dir.resolve("blobs"));
    long dirsAtOpen = store.dirSyncs();
    Path file = write("a", 1);
    store.putSyncedFile(file, sha256(file));
    assertEquals(0, store.fileSyncs(), "the caller synced the file");
    // New second-level directory: its parent once, then the directory holding the new entry.
    assertEquals(dirsAtOpen + 2, store.dirSyncs());
    assertArrayEquals(Files.readAllBytes(file), store.open(BlobKey.ofSha256(sha256(file))).readAllBytes());
  }

  @Test
  void anUnsyncedFileIsSyncedOnceBeforeItIsLinked() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.open(dir.resolve("blobs"));
    Path file = write("b", 2);
    store.putFile(file, sha256(file));
    assertEquals(1, store.fileSyncs());
  }

  @Test
  void aSecondBlobInAKnownShardCostsOnlyItsDirectorySync() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.open(dir.resolve("blobs"));
    Path first = write("c", 3);
    String sha = sha256(first);
    store.putSyncedFile(first, sha);
    long before = store.dirSyncs();
    // Another blob in the same second-level directory: no fsync of the first-level one again.
    Path second = firstFileInShardOf(sha, 4);
    store.putSyncedFile(second, sha256(second));
    assertEquals(before + 1, store.dirSyncs());
  }

  @Test
  void aShardCreatedByAnEarlierProcessIsMadeDurableOnceInTheNextOne() throws Exception {
    Path first = write("d", 5);
    String sha = sha256(first);
    FileSystemBlobStore.open(dir.resolve("blobs")).putSyncedFile(first, sha);
    FileSystemBlobStore reopened = FileSystemBlobStore.open(dir.resolve("blobs"));
    long atOpen = reopened.dirSyncs();
    Path second = firstFileInShardOf(sha, 6);
    reopened.putSyncedFile(second, sha256(second));
    // The earlier process may have died before its fsync of the parent: this one pays it once.
    assertEquals(atOpen + 2, reopened.dirSyncs());
    Path third = firstFileInShardOf(sha, 7);
    reopened.putSyncedFile(third, sha256(third));
    assertEquals(atOpen + 3, reopened.dirSyncs());
  }

  @Test
  void aBatchSyncsEachDistinctDirectoryOnceAndNoSyncedFile() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.open(dir.resolve("blobs"));
    Path a = write("e", 8);
    Path b = firstFileInShardOf(sha256(a), 9);
    long atOpen = store.dirSyncs();
    store.putSyncedFiles(List.of(a, b), List.of(sha256(a), sha256(b)));
    assertEquals(0, store.fileSyncs());
    assertEquals(atOpen + 2, store.dirSyncs(), "one shard: its parent once, itself once");
  }

  @Test
  void aRelaxedStoreSyncsNothing() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.open(dir.resolve("blobs"), Clock.systemUTC(),
        Durability.RELAXED);
    Path file = write("f", 10);
    store.putFile(file, sha256(file));
    assertEquals(0, store.fileSyncs());
    assertEquals(0, store.dirSyncs());
  }

  private Path write(String name, long seed) throws Exception {
    byte[] bytes = new byte[4096];
    new Random(seed).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }

  /** A new file whose SHA-256 starts with the same two bytes as {@code sha} (same shard). */
  private Path firstFileInShardOf(String sha, long seed) throws Exception {
    Random random = new Random(seed);
    byte[] bytes = new byte[64];
    for (long n = 0; ; n++) {
      random.nextBytes(bytes);
      String candidate = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      if (candidate.startsWith(sha.substring(0, 4)) && !candidate.equals(sha)) {
        return Files.write(dir.resolve("same-shard-" + seed), bytes);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
