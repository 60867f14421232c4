package dev.lightbox.storage.blob;

import dev.lightbox.storage.StorageException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Immutable, content-addressed byte storage. A blob's key is derived from its SHA-256
 * ({@link BlobKey}), so a blob never changes once written and writing the same bytes twice is a
 * no-op.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Atomic visibility.</b> A blob is either absent or complete: readers never see a partial
 *       write, and a crash or failure at any instant during {@code put} leaves at most a temporary
 *       object that {@link #purgeTemporaries} removes, never a visible partial blob.</li>
 *   <li><b>Concurrency.</b> All methods are thread-safe. Concurrent puts of the same content are
 *       safe and all succeed.</li>
 *   <li><b>Failures are exceptions.</b> A missing blob is {@link BlobNotFoundException}; every
 *       other failure is a {@link StorageException} whose reason says what failed (UNAVAILABLE,
 *       TIMEOUT, FULL, INTEGRITY, IO). No method returns {@code null}. Retrying a failed call is
 *       safe.</li>
 *   <li><b>Streams.</b> Streams returned by {@code open}, {@code openRange} and {@code list} hold
 *       resources (file handles, HTTP connections) and must be closed by the caller.</li>
 * </ul>
 *
 * <p>Non-goals: mutable objects, metadata on blobs, listing by anything but key order. Deciding
 * whether a blob is still referenced is the index's job, not the store's.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Streams {@code content} into the store, hashing it on the way, and returns where it landed.
   * The stream is read to its end but not closed. Nothing is buffered whole in memory.
   */
  BlobInfo put(InputStream content) throws StorageException;

  /**
   * Stores the content of a local file whose SHA-256 the caller already computed (typically while
   * receiving an upload). The file is left in place and remains the caller's to delete; the
   * filesystem store hard-links it into the store when both are on one filesystem, so no bytes are
   * copied. Stores that read the file anyway verify the hash and throw INTEGRITY on mismatch; the
   * filesystem store trusts it on the zero-copy path.
   */
  BlobInfo putFile(Path file, String sha256) throws StorageException;

  /**
   * {@link #putFile} for a batch of files (group commit): a store that syncs may make them durable
   * together, e.g. one fsync per distinct directory instead of one per file. All or nothing is not
   * promised: after an exception some files may be stored, which a retry of each finds in place.
   */
  default void putFiles(List<Path> files, List<String> sha256s) throws StorageException {
    for (int i = 0; i < files.size(); i++) {
      putFile(files.get(i), sha256s.get(i));
    }
  }

  /**
   * {@link #putFile} of a file the caller has already made durable (fsynced after its last
   * write): a store that would fsync the file before publishing it may skip that and sync only
   * what makes it visible. Stores that copy the bytes elsewhere (S3) treat it as {@link #putFile}.
   */
  default BlobInfo putSyncedFile(Path file, String sha256) throws StorageException {
    return putFile(file, sha256);
  }

  /** {@link #putFiles} of files the caller has already made durable (see {@link #putSyncedFile}). */
  default void putSyncedFiles(List<Path> files, List<String> sha256s) throws StorageException {
    putFiles(files, sha256s);
  }

  /** Opens the whole blob for reading. */
  InputStream open(BlobKey key) throws StorageException;

  /**
   * Opens {@code length} bytes starting at {@code offset} (for HTTP Range, RFC 9110 §14). The range
   * must lie inside the blob: {@code offset + length <= size}, else IllegalArgumentException.
   */
  InputStream openRange(BlobKey key, long offset, long length) throws StorageException;

  /** Size, hash and modification time of a blob. */
  BlobInfo info(BlobKey key) throws StorageException;

  /** True if the blob is present; false only for "absent", failures throw. */
  boolean exists(BlobKey key) throws StorageException;

  /**
   * Removes a blob. Returns whether it was present; deleting an absent blob is not an error. Callers
   * must make sure nothing references it (see the ingest package), the store does not check.
   */
  boolean delete(BlobKey key) throws StorageException;

  /**
   * Every blob in the store, for the sweeper. The stream is lazy (S3 pages are fetched as it is
   * consumed) and must be closed. Failures while iterating surface as
   * {@link java.io.UncheckedIOException} wrapping a {@link StorageException}.
   */
  Stream<BlobInfo> list() throws StorageException;

  /**
   * Removes leftovers of interrupted puts (temp files, incomplete multipart uploads) started before
   * {@code olderThan}, returning how many were removed. Puts in flight are younger than any sane
   * cutoff and are left alone.
   */
  int purgeTemporaries(Instant olderThan) throws StorageException;

  /**
   * The blob as a local file, when the store keeps one, so a server can send it with
   * {@code FileChannel.transferTo} (zero copy). The file must only be read, never written or moved.
   * Stores without local files (S3, in-memory) return empty; callers then use {@link #open}.
   */
  default Optional<Path> localPath(BlobKey key) throws StorageException {
    return Optional.empty();
  }

  /** Cheap health probe: throws if the store cannot currently serve requests. */
  void check() throws StorageException;

  /** A short description for messages and health output, e.g. {@code filesystem:/data/blobs}. */
  String describe();

  @Override
  default void close() throws StorageException {}
}
