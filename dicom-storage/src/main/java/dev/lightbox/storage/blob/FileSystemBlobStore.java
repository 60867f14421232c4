package dev.lightbox.storage.blob;

import dev.lightbox.storage.Durability;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The embedded default: blobs as files under {@code root/sha256/ab/cd/<sha256>}, temporaries under
 * {@code root/tmp/} on the same filesystem.
 *
 * <p>Write protocol (crash-safe on POSIX filesystems): stream into a fresh temp file while hashing,
 * {@code fsync} it, rename it atomically onto its content address, {@code fsync} the directory. A
 * crash before the rename leaves only a temp file ({@link #purgeTemporaries}); after it, a complete
 * blob. Because the name is the hash, a rename over a concurrent identical put replaces equal bytes,
 * so concurrent puts of the same content are safe.
 *
 * <p>Directory durability (docs/storage.md, "What each fsync is for"): the 256 first-level shard
 * directories are created and made durable when the store opens, so a blob never needs an fsync
 * of {@code sha256/} itself. A second-level directory {@code ab/cd} is durable once its parent
 * {@code ab} was fsynced after it appeared; the store remembers which ones it made durable in this
 * process ({@link #durableShards}), so that fsync is paid once per directory per process, not once
 * per blob. (A directory a previous process created may not be durable if that process died
 * before its fsync: hence once per process, not never.)
 */
public final class FileSystemBlobStore implements BlobStore {

  private static final int BUFFER = 256 * 1024;

  private final Path root;
  private final Path blobsDir;
  private final Path tmpDir;
  private final Clock clock;
  private final Durability durability;
  /**
   * Second-level shard directories ({@code ab/cd}, index {@code 0xabcd}) whose entry in their
   * parent this process has made durable. One bit each; never cleared, since shard directories
   * are never removed.
   */
  private final java.util.concurrent.atomic.AtomicLongArray durableShards =
      new java.util.concurrent.atomic.AtomicLongArray(65536 / 64);

  /** fsyncs of blob files and of directories by this store (tests prove which writes need one). */
  private final java.util.concurrent.atomic.LongAdder fileSyncs = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder dirSyncs = new java.util.concurrent.atomic.LongAdder();

  private FileSystemBlobStore(Path root, Clock clock, Durability durability) {
    this.durability = durability;
    this.root = root;
    this.blobsDir = root.resolve("sha256");
    this.tmpDir = root.resolve("tmp");
    this.clock = clock;
  }

  /** Opens (creating if needed) a store rooted at {@code root}. */
  public static FileSystemBlobStore open(Path root) throws StorageException {
    return open(root, Clock.systemUTC());
  }

  public static FileSystemBlobStore open(Path root, Clock clock) throws StorageException {
    return open(root, clock, Durability.FULL);
  }

  /** A store that fsyncs ({@link Durability#FULL}) or leaves writes to the page cache. */
  public static FileSystemBlobStore open(Path root, Clock clock, Durability durability)
      throws StorageException {
    Path abs = root.toAbsolutePath().normalize();
    FileSystemBlobStore store = new FileSystemBlobStore(abs, clock, durability);
    try {
      Files.createDirectories(store.blobsDir);
      Files.createDirectories(store.tmpDir);
      store.createFirstLevelShards();
    } catch (IOException e) {
      throw store.failure("creating " + abs, e);
    }
    return store;
  }

  /**
   * Creates {@code sha256/00} … {@code sha256/ff} and makes their entries (and those of
   * {@code sha256/} and {@code tmp/} in the root, and of the root in its parent) durable, once, at
   * open: afterwards no blob write touches {@code sha256/} itself. Three fsyncs per start, whether
   * anything was created or not (a previous process may have died between creating a directory and
   * its fsync).
   */
  private void createFirstLevelShards() throws IOException {
    for (int i = 0; i < 256; i++) {
      Path dir = blobsDir.resolve(HEX[i]);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
    }
    fsyncDir(blobsDir);
    fsyncDir(root);
    if (root.getParent() != null) {
      fsyncDir(root.getParent());
    }
  }

  private static final String[] HEX = new String[256];

  static {
    for (int i = 0; i < 256; i++) {
      HEX[i] = String.format("%02x", i);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public BlobInfo put(InputStream content) throws StorageException {
    Path temp = newTempPath();
    try {
      String sha;
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        MessageDigest digest = Sha256.newDigest();
        byte[] buf = new byte[BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        for (int n; (n = content.read(buf)) >= 0; ) {
          digest.update(buf, 0, n);
          bb.clear().limit(n);
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        }
        force(out);
        sha = Sha256.hex(digest);
      }
      return publish(temp, BlobKey.ofSha256(sha));
    } catch (IOException e) {
      throw failure("put", e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public BlobInfo putFile(Path file, String sha256) throws StorageException {
    return putOne(file, sha256, false);
  }

  /**
   * As {@link #putFile}, for a file the caller has already fsynced (the server's spool file under
   * {@code --durability full}): the file is not fsynced again, only the directory entry that makes
   * it visible. Linking an inode does not change its data, and the link's own metadata (the entry
   * and the inode's link count) is made durable by the directory fsync.
   */
  @Override
  public BlobInfo putSyncedFile(Path file, String sha256) throws StorageException {
    return putOne(file, sha256, true);
  }

  private BlobInfo putOne(Path file, String sha256, boolean alreadySynced) throws StorageException {
    BlobKey key = BlobKey.ofSha256(sha256);
    java.util.Set<Path> dirs = new java.util.LinkedHashSet<>(1);
    BlobInfo info = link(file, key, alreadySynced, dirs);
    syncDirs(dirs);
    return info;
  }

  /**
   * Group commit: every file is linked under its content address (and fsynced first unless the
   * caller did), then each distinct shard directory is fsynced once for the whole batch (not once
   * per file).
   */
  @Override
  public void putFiles(List<Path> files, List<String> sha256s) throws StorageException {
    putBatch(files, sha256s, false);
  }

  /** {@link #putFiles} for files the caller has already fsynced (see {@link #putSyncedFile}). */
  @Override
  public void putSyncedFiles(List<Path> files, List<String> sha256s) throws StorageException {
    putBatch(files, sha256s, true);
  }

  private void putBatch(List<Path> files, List<String> sha256s, boolean alreadySynced)
      throws StorageException {
    java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
    for (int i = 0; i < files.size(); i++) {
      link(files.get(i), BlobKey.ofSha256(sha256s.get(i)), alreadySynced, dirs);
    }
    syncDirs(dirs);
  }

  /**
   * Makes {@code file} visible under {@code key}; adds the directory whose fsync makes the new
   * entry durable to {@code dirs} (the caller fsyncs them, once each, before returning).
   */
  private BlobInfo link(Path file, BlobKey key, boolean alreadySynced, java.util.Set<Path> dirs)
      throws StorageException {
    Path target = pathOf(key);
    try {
      if (Files.isRegularFile(target)) {
        return touch(key, target);
      }
      // The caller's bytes may still be only in the page cache: make them durable before they
      // become visible under their content address.
      if (!alreadySynced && durability.fsync()) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.force(true);
          fileSyncs.increment();
        }
      }
      ensureShardDirs(target);
      try {
        Files.createLink(target, file);
        dirs.add(target.getParent());
        return info(key);
      } catch (FileAlreadyExistsException e) {
        return touch(key, target);
      } catch (UnsupportedOperationException | FileSystemException e) {
        // Different filesystem (EXDEV) or no hard links: copy, verifying the hash on the way.
        return copyIn(file, key);
      }
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.IO, describe() + ": putFile source " + file
          + " does not exist", e);
    } catch (IOException e) {
      throw failure("putFile " + key, e);
    }
  }

  private void syncDirs(java.util.Set<Path> dirs) throws StorageException {
    try {
      for (Path dir : dirs) {
        fsyncDir(dir);
      }
    } catch (IOException e) {
      throw failure("fsync of " + dirs.size() + " blob directories", e);
    }
  }

  private BlobInfo copyIn(Path file, BlobKey key) throws IOException {
    Path temp = newTempPath();
    try {
      try (InputStream in = Files.newInputStream(file);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        MessageDigest digest = Sha256.newDigest();
        byte[] buf = new byte[BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        for (int n; (n = in.read(buf)) >= 0; ) {
          digest.update(buf, 0, n);
          bb.clear().limit(n);
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        }
        force(out);
        String actual = Sha256.hex(digest);
        if (!actual.equals(key.sha256())) {
          throw new StorageException(Reason.INTEGRITY, describe() + ": " + file + " has SHA-256 "
              + actual + ", caller said " + key.sha256());
        }
      }
      return publish(temp, key);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Renames a complete, fsynced temp file onto its content address. */
  private BlobInfo publish(Path temp, BlobKey key) throws IOException {
    Path target = pathOf(key);
    if (Files.isRegularFile(target)) {
      return touch(key, target);
    }
    ensureShardDirs(target);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new StorageException(Reason.IO, describe() + ": filesystem cannot rename atomically", e);
    }
    fsyncDir(target.getParent());
    return info(key);
  }

  /** Re-putting existing content refreshes its age so the sweeper's grace period restarts. */
  private BlobInfo touch(BlobKey key, Path target) throws IOException {
    try {
      Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.IO, describe() + ": " + key + " vanished during put; retry", e);
    }
    return info(key);
  }

  /**
   * Makes sure the blob's second-level directory exists and its entry in the first-level one is
   * durable: created (or first used by this process) means one fsync of the first-level
   * directory; afterwards nothing. First-level directories were made durable at open.
   */
  private void ensureShardDirs(Path target) throws IOException {
    Path shard = target.getParent();
    int index = shardIndex(shard);
    if (isDurableShard(index)) {
      return;
    }
    if (!Files.isDirectory(shard)) {
      try {
        Files.createDirectory(shard);
      } catch (FileAlreadyExistsException raced) {
        // a concurrent put created it; its entry is made durable below either way
      } catch (NoSuchFileException e) {
        // the first-level directory was removed behind our back: recreate the whole path
        Files.createDirectories(shard);
        fsyncDir(blobsDir);
      }
    }
    fsyncDir(shard.getParent());
    markDurableShard(index);
  }

  /** {@code sha256/ab/cd} → {@code 0xabcd}. */
  private static int shardIndex(Path shard) {
    String second = shard.getFileName().toString();
    String first = shard.getParent().getFileName().toString();
    return (Integer.parseInt(first, 16) << 8) | Integer.parseInt(second, 16);
  }

  private boolean isDurableShard(int index) {
    return (durableShards.get(index >>> 6) & (1L << (index & 63))) != 0;
  }

  private void markDurableShard(int index) {
    long bit = 1L << (index & 63);
    int word = index >>> 6;
    for (long cur; ((cur = durableShards.get(word)) & bit) == 0; ) {
      if (durableShards.compareAndSet(word, cur, cur | bit)) {
        return;
      }
    }
  }

  @Override
  public InputStream open(BlobKey key) throws StorageException {
    try {
      return Files.newInputStream(pathOf(key));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key, describe());
    } catch (IOException e) {
      throw failure("open " + key, e);
    }
  }

  @Override
  public InputStream openRange(BlobKey key, long offset, long length) throws StorageException {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(pathOf(key), StandardOpenOption.READ);
      Ranges.check(key, offset, length, ch.size());
      ch.position(offset);
      return new BoundedRangeStream(Channels.newInputStream(ch), length);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key, describe());
    } catch (IOException e) {
      closeQuietly(ch);
      throw failure("openRange " + key, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  @Override
  public BlobInfo info(BlobKey key) throws StorageException {
    try {
      BasicFileAttributes a = Files.readAttributes(pathOf(key), BasicFileAttributes.class);
      return new BlobInfo(key, a.size(), key.sha256(), a.lastModifiedTime().toInstant());
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key, describe());
    } catch (IOException e) {
      throw failure("info " + key, e);
    }
  }

  @Override
  public boolean exists(BlobKey key) {
    return Files.isRegularFile(pathOf(key));
  }

  @Override
  public boolean delete(BlobKey key) throws StorageException {
    Path p = pathOf(key);
    try {
      boolean deleted = Files.deleteIfExists(p);
      if (deleted) {
        fsyncDir(p.getParent());
      }
      return deleted;
    } catch (IOException e) {
      throw failure("delete " + key, e);
    }
  }

  @Override
  public Stream<BlobInfo> list() throws StorageException {
    try {
      return Files.walk(blobsDir, 3)
          .filter(p -> BlobKey.isValid(root.relativize(p).toString().replace('\\', '/')))
          .map(p -> BlobKey.parse(root.relativize(p).toString().replace('\\', '/')))
          .flatMap(this::infoIfPresent);
    } catch (IOException e) {
      throw failure("list", e);
    }
  }

  private Stream<BlobInfo> infoIfPresent(BlobKey key) {
    try {
      return Stream.of(info(key));
    } catch (BlobNotFoundException e) {
      return Stream.empty(); // deleted while we were walking
    } catch (StorageException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int purgeTemporaries(Instant olderThan) throws StorageException {
    int removed = 0;
    try (Stream<Path> temps = Files.list(tmpDir)) {
      for (Path p : (Iterable<Path>) temps::iterator) {
        try {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(olderThan) && Files.deleteIfExists(p)) {
            removed++;
          }
        } catch (NoSuchFileException ignored) {
          // finished or purged concurrently
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw failure("purgeTemporaries", e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
    }
    return removed;
  }

  @Override
  public Optional<Path> localPath(BlobKey key) throws StorageException {
    Path p = pathOf(key);
    if (!Files.isRegularFile(p)) {
      throw new BlobNotFoundException(key, describe());
    }
    return Optional.of(p);
  }

  @Override
  public void check() throws StorageException {
    if (!Files.isDirectory(blobsDir) || !Files.isWritable(tmpDir)) {
      throw new StorageException(StorageException.Store.BLOB_STORE, Reason.UNAVAILABLE,
          describe() + ": " + tmpDir + " is not a writable directory", null);
    }
  }

  @Override
  public String describe() {
    return "filesystem:" + root;
  }

  /** fsyncs of blob files so far (tests). */
  long fileSyncs() {
    return fileSyncs.sum();
  }

  /** fsyncs of directories so far (tests). */
  long dirSyncs() {
    return dirSyncs.sum();
  }

  /** Joins a validated key to the root; the key's fixed shape means the result is always inside. */
  Path pathOf(BlobKey key) {
    Path p = root.resolve(key.value()).normalize();
    if (!p.startsWith(blobsDir)) {
      throw new IllegalStateException("key " + key + " escaped " + root);
    }
    return p;
  }

  private Path newTempPath() {
    return tmpDir.resolve("put-" + UUID.randomUUID() + ".tmp");
  }

  private void force(FileChannel ch) throws IOException {
    if (durability.fsync()) {
      ch.force(true);
      fileSyncs.increment();
    }
  }

  private void fsyncDir(Path dir) throws IOException {
    if (!durability.fsync()) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
      dirSyncs.increment();
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the sweeper's purgeTemporaries removes it later
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing was read
      }
    }
  }

  private StorageException failure(String op, IOException e) {
    if (e instanceof StorageException se) {
      return se;
    }
    String msg = String.valueOf(e.getMessage());
    Reason reason = msg.contains("No space left") || msg.contains("Disk quota exceeded") ? Reason.FULL : Reason.IO;
    return new StorageException(StorageException.Store.BLOB_STORE, reason,
        describe() + ": " + op + " failed: " + e, e);
  }
}
