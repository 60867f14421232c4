package dev.lightbox.service;

import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random access to a blob through ranged reads, so a render of frame N fetches the header and that
 * frame's bytes instead of the whole object (an S3 GET per block, not a copy of a 2 GB file).
 *
 * <p>Reads are served from aligned blocks of {@link #BLOCK} bytes, the last {@link #CACHED_BLOCKS}
 * of which are kept: the parser reads a header as many small reads, which then cost one request
 * per block. A read larger than a block (a frame) goes to the store as one range. Not shared
 * between requests; safe for concurrent use.
 */
public final class BlobByteSource implements ByteSource {
  static final int BLOCK = 64 * 1024;
  static final int CACHED_BLOCKS = 8;

  private final BlobStore blobs;
  private final BlobKey key;
  private final long length;
  private final Map<Long, byte[]> blocks = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > CACHED_BLOCKS;
    }
  };
  private long rangeReads;

  public BlobByteSource(BlobStore blobs, BlobKey key, long length) {
    this.blobs = blobs;
    this.key = key;
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  /** Ranged reads issued so far (tests and metrics). */
  synchronized long rangeReads() {
    return rangeReads;
  }

  @Override
  public void read(long position, byte[] dst, int offset, int len) throws IOException {
    if (position < 0 || len < 0 || position + len > length) {
      throw new EOFException("read of " + len + " bytes at " + position + " past end " + length);
    }
    if (len > BLOCK) {
      fetch(position, dst, offset, len);
      return;
    }
    int done = 0;
    while (done < len) {
      long pos = position + done;
      long blockStart = pos - pos % BLOCK;
      byte[] block = block(blockStart);
      int inBlock = (int) (pos - blockStart);
      int n = Math.min(len - done, block.length - inBlock);
      System.arraycopy(block, inBlock, dst, offset + done, n);
      done += n;
    }
  }

  private byte[] block(long start) throws IOException {
    synchronized (this) {
      byte[] cached = blocks.get(start);
      if (cached != null) {
        return cached;
      }
    }
    byte[] block = new byte[(int) Math.min(BLOCK, length - start)];
    fetch(start, block, 0, block.length);
    synchronized (this) {
      blocks.put(start, block);
    }
    return block;
  }

  private void fetch(long position, byte[] dst, int offset, int len) throws IOException {
    synchronized (this) {
      rangeReads++;
    }
    try (InputStream in = blobs.openRange(key, position, len)) {
      int n = in.readNBytes(dst, offset, len);
      if (n < len) {
        throw new EOFException("blob " + key + " ended after " + n + " of " + len
            + " bytes read at " + position);
      }
    } catch (StorageException e) {
      throw new IOException("reading blob " + key + " failed: " + e.getMessage(), e);
    }
  }
}
