package dev.lightbox.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.testing.Tmpfs;
import org.junit.jupiter.api.Test;

class FileSystemBlobStoreTest extends BlobStoreContract {

  private Path root;

  @Override
  protected BlobStore createStore() throws Exception {
    root = tempDir.resolve("blobs");
    return FileSystemBlobStore.open(root);
  }

  @Override
  protected boolean putFileVerifiesHash() {
    return false; // same filesystem: hard link, the caller's hash is trusted
  }

  @Test
  void blobsLiveAtTheirShardedContentAddress() throws Exception {
    byte[] content = randomBytes(1000, 20);
    String sha = sha256Hex(content);
    store.put(new ByteArrayInputStream(content));
    Path expected = root.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    assertArrayEquals(content, Files.readAllBytes(expected));
    assertEquals(expected, store.localPath(BlobKey.ofSha256(sha)).orElseThrow());
  }

  @Test
  void localPathAllowsZeroCopyTransfer() throws Exception {
    byte[] content = randomBytes(123_456, 21);
    BlobKey key = store.put(new ByteArrayInputStream(content)).key();
    Path out = tempDir.resolve("sent");
    try (FileChannel src = FileChannel.open(store.localPath(key).orElseThrow(), StandardOpenOption.READ);
        FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long sent = 0;
      while (sent < src.size()) {
        sent += src.transferTo(sent, src.size() - sent, dst);
      }
    }
    assertArrayEquals(content, Files.readAllBytes(out));
  }

  @Test
  void aCrashBeforeTheRenameLeavesOnlyATempFileThatIsPurged() throws Exception {
    // What a put interrupted after writing part of its temp file leaves behind.
    Path temp = root.resolve("tmp").resolve("put-crashed.tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(randomBytes(5000, 22)));
    }
    Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minusSeconds(7200)));
    try (Stream<BlobInfo> all = store.list()) {
      assertEquals(0, all.count(), "a temp file is never a visible blob");
    }
    assertEquals(0, store.purgeTemporaries(Instant.now().minusSeconds(10_000)), "younger than the cutoff");
    assertEquals(1, store.purgeTemporaries(Instant.now().minusSeconds(3600)));
    assertTrue(Files.notExists(temp));
  }

  @Test
  void failedPutsLeaveNoTempFiles() throws Exception {
    StorageException e = assertThrows(StorageException.class, () -> store.put(
        new java.io.InputStream() {
          int n;

          @Override
          public int read() throws java.io.IOException {
            if (n++ > 1000) {
              throw new java.io.IOException("connection reset by the client");
            }
            return 1;
          }
        }));
    assertEquals(StorageException.Reason.IO, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("connection reset by the client"), e.getMessage());
    try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
      assertEquals(0, temps.count());
    }
  }

  /**
   * The kernel's ENOSPC on a real full filesystem (a 1 MiB tmpfs) is reported as FULL, the
   * partial temp file is removed, and the freed store accepts a blob that fits.
   */
  @Test
  void aRealFullFilesystemIsReportedAsFullAndLeavesNoTempFile() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(tempDir, 1024)) {
      Path fullRoot = tmpfs.dir().resolve("blobs");
      BlobStore small = FileSystemBlobStore.open(fullRoot);
      StorageException e = assertThrows(StorageException.class,
          () -> small.put(new ByteArrayInputStream(randomBytes(4 << 20, 31))));
      assertEquals(StorageException.Reason.FULL, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      try (Stream<Path> temps = Files.list(fullRoot.resolve("tmp"))) {
        assertEquals(0, temps.count(), "the partial temp file was removed");
      }
      byte[] fits = randomBytes(100_000, 32);
      BlobInfo info = small.put(new ByteArrayInputStream(fits));
      assertArrayEquals(fits, readAll(small.open(info.key())));
    }
  }

  @Test
  void putFileFromAnotherDirectoryHardLinksWithoutCopying() throws Exception {
    byte[] content = randomBytes(4096, 23);
    Path upload = Files.write(tempDir.resolve("upload"), content);
    BlobInfo info = store.putFile(upload, sha256Hex(content));
    Object uploadInode = Files.getAttribute(upload, "unix:ino");
    Object blobInode = Files.getAttribute(store.localPath(info.key()).orElseThrow(), "unix:ino");
    assertEquals(uploadInode, blobInode);
  }

  @Test
  void putFileFromAnotherFilesystemIsCopiedAndVerified() throws Exception {
    try (Tmpfs tmpfs = Tmpfs.mount(tempDir, 4096)) {
      Path other = tmpfs.dir();
      assertTrue(!Files.getFileStore(other).equals(Files.getFileStore(tempDir)),
          "the tmpfs is a second filesystem");
      byte[] content = randomBytes(300_000, 24);
      Path upload = Files.write(other.resolve("upload"), content);
      BlobInfo info = store.putFile(upload, sha256Hex(content));
      assertArrayEquals(content, readAll(store.open(info.key())));
      String wrong = sha256Hex(new byte[] {7});
      dev.lightbox.storage.StorageException e = assertThrows(dev.lightbox.storage.StorageException.class,
          () -> store.putFile(upload, wrong));
      assertEquals(dev.lightbox.storage.StorageException.Reason.INTEGRITY, e.reason());
      assertTrue(!store.exists(BlobKey.ofSha256(wrong)));
      try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
        assertEquals(0, temps.count(), "the rejected copy was removed");
      }
    }
  }

  @Test
  void keysThatCouldEscapeTheRootAreRejected() {
    for (String bad : new String[] {
        "../etc/passwd", "sha256/../../x", "/sha256/ab/cd/" + "ab".repeat(32),
        "sha256/ab/cd/" + "ab".repeat(31) + "/..", "sha256/AB/CD/" + "AB".repeat(32),
        "sha256/ab/cd/" + "cd".repeat(32), "sha256\\ab\\cd\\" + "ab".repeat(32), ""}) {
      assertThrows(IllegalArgumentException.class, () -> BlobKey.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> BlobKey.ofSha256("../" + "a".repeat(61)));
  }
}
