package dev.lightbox.storage.testing;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** Fault injection around a real store: "disk full" after N bytes, or the whole store down. */
public final class FaultyBlobStore implements BlobStore {

  private final BlobStore delegate;
  private volatile long fullAfterBytes = -1;
  private volatile boolean down;
  private volatile AfterPut afterPut;

  /** Runs right after a blob has been written, before the caller (an ingest) goes on. */
  @FunctionalInterface
  public interface AfterPut {
    void run(BlobInfo written) throws Exception;
  }

  /**
   * Calls {@code hook} after every successful {@link #putFile}, on the writer's thread: a test
   * forces an interleaving ("the blob is written, the row is not") with it; null turns it off.
   */
  public void afterPut(AfterPut hook) {
    afterPut = hook;
  }

  public FaultyBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  /** Puts read {@code n} bytes of their input and then fail with FULL; -1 turns it off. */
  public void fullAfter(long n) {
    fullAfterBytes = n;
  }

  public void down(boolean isDown) {
    down = isDown;
  }

  private void failIfDown(String op) throws StorageException {
    if (down) {
      throw new StorageException(Reason.UNAVAILABLE, "faulty store: " + op + " failed: store down");
    }
  }

  private void failIfFull(InputStream in) throws StorageException {
    long n = fullAfterBytes;
    if (n < 0) {
      return;
    }
    try {
      in.readNBytes((int) Math.min(n, Integer.MAX_VALUE));
    } catch (IOException e) {
      throw new StorageException(Reason.IO, "faulty store: read failed", e);
    }
    throw new StorageException(Reason.FULL, "faulty store: no space left after " + n + " bytes");
  }

  @Override
  public BlobInfo put(InputStream content) throws StorageException {
    failIfDown("put");
    failIfFull(content);
    return delegate.put(content);
  }

  @Override
  public BlobInfo putFile(Path file, String sha256) throws StorageException {
    failIfDown("putFile");
    if (fullAfterBytes >= 0) {
      try (InputStream in = Files.newInputStream(file)) {
        failIfFull(in);
      } catch (StorageException e) {
        throw e;
      } catch (IOException e) {
        throw new StorageException(Reason.IO, "faulty store: read failed", e);
      }
    }
    BlobInfo written = delegate.putFile(file, sha256);
    AfterPut hook = afterPut;
    if (hook != null) {
      try {
        hook.run(written);
      } catch (StorageException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("afterPut hook failed", e);
      }
    }
    return written;
  }

  @Override
  public InputStream open(BlobKey key) throws StorageException {
    failIfDown("open");
    return delegate.open(key);
  }

  @Override
  public InputStream openRange(BlobKey key, long offset, long length) throws StorageException {
    failIfDown("openRange");
    return delegate.openRange(key, offset, length);
  }

  @Override
  public BlobInfo info(BlobKey key) throws StorageException {
    failIfDown("info");
    return delegate.info(key);
  }

  @Override
  public boolean exists(BlobKey key) throws StorageException {
    failIfDown("exists");
    return delegate.exists(key);
  }

  @Override
  public boolean delete(BlobKey key) throws StorageException {
    failIfDown("delete");
    return delegate.delete(key);
  }

  @Override
  public Stream<BlobInfo> list() throws StorageException {
    failIfDown("list");
    return delegate.list();
  }

  @Override
  public int purgeTemporaries(Instant olderThan) throws StorageException {
    failIfDown("purgeTemporaries");
    return delegate.purgeTemporaries(olderThan);
  }

  @Override
  public Optional<Path> localPath(BlobKey key) throws StorageException {
    failIfDown("localPath");
    return delegate.localPath(key);
  }

  @Override
  public void check() throws StorageException {
    failIfDown("check");
    delegate.check();
  }

  @Override
  public String describe() {
    return "faulty(" + delegate.describe() + ")";
  }

  @Override
  public void close() throws StorageException {
    delegate.close();
  }
}
