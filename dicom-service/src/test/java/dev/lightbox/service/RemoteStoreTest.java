package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.service.render.RenderParams;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.InMemoryBlobStore;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services over a store with no local files (as S3 is): renders read the header and one frame by
 * ranged reads instead of the whole object, a frame past the end costs no blob read at all, and the
 * stored metadata holds locations, not URLs.
 */
class RemoteStoreTest {
  @TempDir Path data;

  @Test
  void renderingOneFrameReadsAboutOneFrameNotTheWholeObject() throws Exception {
    CountingStore blobs = new CountingStore(new InMemoryBlobStore());
    InstanceIndex index = SqliteInstanceIndex.open(data);
    // The services own the stores they are given and close them.
    try (Services services = Services.of(ServiceConfig.defaults().withDataDir(data), blobs, index,
        OperationTimer.NONE)) {
      int rows = 256;
      int columns = 256;
      int frames = 40;
      byte[] file = TestInstances.ct("1.2.3.900", rows, columns, frames, 1);
      services.ingest().ingest(Tenant.DEFAULT, new ByteArrayInputStream(file), false);
      StoredInstance instance = services.catalog().find(Tenant.DEFAULT, "1.2.3.900");

      blobs.read.set(0);
      services.render().render(instance, params(frames));
      long frameBytes = 2L * rows * columns;
      long read = blobs.read.get();
      assertTrue(read >= frameBytes, "the frame itself is read: " + read);
      assertTrue(read < 3 * frameBytes, "read " + read + " bytes of a " + file.length
          + "-byte object to render one frame of " + frameBytes + " bytes");

      blobs.read.set(0);
      blobs.opened.set(0);
      try {
        services.render().render(instance, params(frames + 1));
      } catch (ServiceException expected) {
        assertEquals(Failure.INVALID_REQUEST, expected.failure());
      }
      assertEquals(0, blobs.opened.get(), "a frame past the end is refused from the index alone");

      String stored = index.metadata(dev.lightbox.storage.index.InstanceIndex.DEFAULT_TENANT, "1.2.3.900").orElseThrow();
      assertFalse(stored.contains("BulkDataURI"), "stored metadata must hold no URLs");
      assertTrue(stored.contains("\"00091010\""), "the bulk value's location is recorded");
    }
  }

  private static RenderParams params(int frame) {
    return new RenderParams(frame, Optional.empty(), Optional.empty(), 8,
        RenderParams.ImageFormat.PNG);
  }

  /** A store that counts the bytes its readers take, delegating everything else. */
  private static final class CountingStore implements BlobStore {
    final BlobStore inner;
    final AtomicLong read = new AtomicLong();
    final AtomicLong opened = new AtomicLong();

    CountingStore(BlobStore inner) {
      this.inner = inner;
    }

    private InputStream counted(InputStream in) {
      opened.incrementAndGet();
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            read.incrementAndGet();
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          int n = super.read(buf, off, len);
          if (n > 0) {
            read.addAndGet(n);
          }
          return n;
        }
      };
    }

    @Override
    public BlobInfo put(InputStream content) throws StorageException {
      return inner.put(content);
    }

    @Override
    public BlobInfo putFile(Path file, String sha256) throws StorageException {
      return inner.putFile(file, sha256);
    }

    @Override
    public InputStream open(BlobKey key) throws StorageException {
      return counted(inner.open(key));
    }

    @Override
    public InputStream openRange(BlobKey key, long offset, long length) throws StorageException {
      return counted(inner.openRange(key, offset, length));
    }

    @Override
    public BlobInfo info(BlobKey key) throws StorageException {
      return inner.info(key);
    }

    @Override
    public boolean exists(BlobKey key) throws StorageException {
      return inner.exists(key);
    }

    @Override
    public boolean delete(BlobKey key) throws StorageException {
      return inner.delete(key);
    }

    @Override
    public Stream<BlobInfo> list() throws StorageException {
      return inner.list();
    }

    @Override
    public int purgeTemporaries(Instant olderThan) throws StorageException {
      return inner.purgeTemporaries(olderThan);
    }

    @Override
    public void check() throws StorageException {
      inner.check();
    }

    @Override
    public String describe() {
      return "counting " + inner.describe();
    }
  }
}
