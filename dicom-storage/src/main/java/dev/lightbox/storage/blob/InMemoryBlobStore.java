package dev.lightbox.storage.blob;

import dev.lightbox.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * Heap-backed store for tests and small embedded uses; the reference implementation of the
 * {@link BlobStore} contract. Blobs are limited to 2 GiB (one byte array each).
 */
public final class InMemoryBlobStore implements BlobStore {

  private record Entry(byte[] bytes, Instant written) {}

  private final ConcurrentMap<BlobKey, Entry> blobs = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryBlobStore() {
    this(Clock.systemUTC());
  }

  public InMemoryBlobStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public BlobInfo put(InputStream content) throws StorageException {
    byte[] bytes;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      content.transferTo(out);
      bytes = out.toByteArray();
    } catch (OutOfMemoryError e) {
      throw new StorageException(StorageException.Reason.FULL, "in-memory store: blob too large for the heap");
    } catch (IOException e) {
      throw new StorageException(StorageException.Reason.IO, "in-memory store: reading content failed: " + e, e);
    }
    return store(bytes);
  }

  @Override
  public BlobInfo putFile(Path file, String sha256) throws StorageException {
    BlobKey expected = BlobKey.ofSha256(sha256);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StorageException(StorageException.Reason.IO, "in-memory store: reading " + file + " failed: " + e, e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(expected.sha256())) {
      throw new StorageException(StorageException.Reason.INTEGRITY,
          "in-memory store: " + file + " has SHA-256 " + actual + ", caller said " + expected.sha256());
    }
    return store(bytes);
  }

  private BlobInfo store(byte[] bytes) {
    BlobKey key = BlobKey.ofSha256(Sha256.of(bytes));
    Entry e = blobs.compute(key, (k, old) -> new Entry(old != null ? old.bytes : bytes, clock.instant()));
    return info(key, e);
  }

  @Override
  public InputStream open(BlobKey key) throws StorageException {
    return new ByteArrayInputStream(entry(key).bytes);
  }

  @Override
  public InputStream openRange(BlobKey key, long offset, long length) throws StorageException {
    byte[] bytes = entry(key).bytes;
    Ranges.check(key, offset, length, bytes.length);
    return new ByteArrayInputStream(bytes, (int) offset, (int) length);
  }

  @Override
  public BlobInfo info(BlobKey key) throws StorageException {
    return info(key, entry(key));
  }

  @Override
  public boolean exists(BlobKey key) {
    return blobs.containsKey(key);
  }

  @Override
  public boolean delete(BlobKey key) {
    return blobs.remove(key) != null;
  }

  @Override
  public Stream<BlobInfo> list() {
    var snapshot = new ArrayList<BlobInfo>();
    blobs.forEach((k, e) -> snapshot.add(info(k, e)));
    snapshot.sort(Comparator.comparing(i -> i.key().value()));
    return snapshot.stream();
  }

  @Override
  public int purgeTemporaries(Instant olderThan) {
    return 0;
  }

  @Override
  public void check() {}

  @Override
  public String describe() {
    return "in-memory";
  }

  private Entry entry(BlobKey key) throws BlobNotFoundException {
    Entry e = blobs.get(key);
    if (e == null) {
      throw new BlobNotFoundException(key, describe());
    }
    return e;
  }

  private static BlobInfo info(BlobKey key, Entry e) {
    return new BlobInfo(key, e.bytes.length, key.sha256(), e.written);
  }
}
