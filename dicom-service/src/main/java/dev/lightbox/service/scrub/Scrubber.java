package dev.lightbox.service.scrub;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobNotFoundException;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.Sha256;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstancePage;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks that every stored byte is still intact (docs/operations.md "Scrub"): each index row's blob
 * is read and re-hashed (streamed, never held in memory) and compared with the row's SHA-256 and
 * size; then every blob in the store is listed and those that no row refers to and that are older
 * than the sweeper's grace are reported as orphans.
 *
 * <p>Repair is limited to what cannot lose data: orphans are removed through the same guarded
 * deletion the sweeper uses ({@link InstanceIndex#deleteBlobIfUnreferenced}, which re-checks
 * references and in-flight ingest leases in the database). A row with a missing or corrupt blob is
 * never deleted or changed: it is reported for the operator.
 *
 * <p>Safe to run while servers use the same stores: it only reads, apart from the guarded orphan
 * deletion. Rows deleted while it pages through the index may shift a page and be missed; rows
 * added meanwhile come last in the listing order and are checked or not, depending on timing.
 */
public final class Scrubber {
  /** Rows read from the index per page. */
  static final int PAGE = 500;
  private static final int BUFFER = 64 * 1024;

  /** Told about progress; called from the scrubbing thread. */
  public interface Listener {
    /** Before the row pass: how many rows the index holds now. */
    default void rowsTotal(long rows) {}

    /** After each row: the bytes of its blob that were hashed, and whether it was intact. */
    default void rowChecked(long bytes, boolean intact) {}

    /** Before the orphan pass. */
    default void listingBlobs() {}

    /** After each listed blob. */
    default void blobChecked(boolean orphan) {}
  }

  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Duration grace;
  private final Clock clock;

  public Scrubber(BlobStore blobs, InstanceIndex index, Duration grace, Clock clock) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.index = Objects.requireNonNull(index, "index");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One full scrub. Throws when a store is unreachable or fails in a way that is not about one
   * blob (the report would be meaningless), never for a damaged row.
   *
   * @param repair remove the orphans found (and nothing else)
   */
  public ScrubReport run(boolean repair, Listener listener) throws StorageException {
    Objects.requireNonNull(listener, "listener");
    List<ScrubReport.Damage> damaged = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    listener.rowsTotal(index.count());
    for (String tenant : index.tenants()) { // every tenant's rows: the blobs are shared by all
      for (long offset = 0; ; offset += PAGE) {
        InstancePage page = index.list(tenant, InstanceQuery.all().page(PAGE, offset));
        for (InstanceRecord row : page.items()) {
          rows++;
          Check c = check(tenant, row);
          bytes += c.bytes;
          c.damage.ifPresent(damaged::add);
          listener.rowChecked(c.bytes, c.damage.isEmpty());
        }
        if (page.items().size() < PAGE) {
          break;
        }
      }
    }
    listener.listingBlobs();
    Instant now = clock.instant();
    Instant cutoff = now.minus(grace);
    List<String> orphans = new ArrayList<>();
    long young = 0;
    long listed = 0;
    long removed = 0;
    try (Stream<BlobInfo> all = blobs.list()) {
      for (Iterator<BlobInfo> it = all.iterator(); it.hasNext(); ) {
        BlobInfo info = it.next();
        listed++;
        String key = info.key().value();
        if (index.isBlobReferenced(key)) {
          listener.blobChecked(false);
          continue;
        }
        if (!info.lastModified().isBefore(cutoff)) {
          young++; // maybe an upload in flight: the sweeper's rule, not ours to judge
          listener.blobChecked(false);
          continue;
        }
        orphans.add(key);
        listener.blobChecked(true);
        if (repair && index.deleteBlobIfUnreferenced(key, now, () -> blobs.delete(info.key()))) {
          removed++;
        }
      }
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof StorageException se) {
        throw se;
      }
      throw new StorageException(StorageException.Reason.IO, "scrub: listing "
          + blobs.describe() + " failed", e);
    }
    return new ScrubReport(rows, bytes, damaged, listed, orphans, young, removed);
  }

  private record Check(long bytes, java.util.Optional<ScrubReport.Damage> damage) {
    static Check ok(long bytes) {
      return new Check(bytes, java.util.Optional.empty());
    }

    static Check bad(long bytes, String tenant, InstanceRecord row, ScrubReport.Problem p, String detail) {
      return new Check(bytes, java.util.Optional.of(
          new ScrubReport.Damage(tenant, row.sopInstanceUid(), row.blobKey(), p, detail)));
    }
  }

  private Check check(String tenant, InstanceRecord row) throws StorageException {
    if (!BlobKey.isValid(row.blobKey())) {
      return Check.bad(0, tenant, row, ScrubReport.Problem.MISSING, "the row's blob key is malformed");
    }
    BlobKey key = BlobKey.parse(row.blobKey());
    MessageDigest digest = Sha256.newDigest();
    long length = 0;
    try (InputStream in = blobs.open(key)) {
      byte[] buf = new byte[BUFFER];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        length += n;
      }
    } catch (BlobNotFoundException e) {
      return Check.bad(0, tenant, row, ScrubReport.Problem.MISSING, "no blob " + key + " in "
          + blobs.describe());
    } catch (StorageException e) {
      if (e.reason() == StorageException.Reason.UNAVAILABLE
          || e.reason() == StorageException.Reason.TIMEOUT) {
        throw e; // the store is down: every further row would fail the same way
      }
      return Check.bad(length, tenant, row, ScrubReport.Problem.UNREADABLE, e.getMessage());
    } catch (IOException e) {
      return Check.bad(length, tenant, row, ScrubReport.Problem.UNREADABLE, "reading failed after "
          + length + " bytes: " + e.getMessage());
    }
    String actual = Sha256.hex(digest);
    if (length != row.size()) {
      return Check.bad(length, tenant, row, ScrubReport.Problem.SIZE_MISMATCH, "the row records "
          + row.size() + " bytes, the blob has " + length + " (sha256 " + actual + ")");
    }
    if (!actual.equals(row.sha256()) || !actual.equals(key.sha256())) {
      return Check.bad(length, tenant, row, ScrubReport.Problem.HASH_MISMATCH, "the row records sha256 "
          + row.sha256() + ", the blob's bytes hash to " + actual);
    }
    return Check.ok(length);
  }
}
