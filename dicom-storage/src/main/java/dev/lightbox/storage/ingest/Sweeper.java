package dev.lightbox.storage.ingest;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.index.InstanceIndex;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Removes blobs that no index row refers to once they are older than the grace period: the
 * leftovers of a crash between writing a blob and committing its row, or of a blob release that
 * failed. A blob written by an ingest still in flight is young and leased, so it is never touched.
 * In a cluster every node schedules a sweeper; the index lock lets one of them work per round.
 */
public final class Sweeper {

  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
  /** The {@link InstanceIndex#tryExclusive} lock every sweeper of one index shares. */
  public static final String LOCK_NAME = "lightbox.sweeper";

  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Duration gracePeriod;
  private final Clock clock;

  public Sweeper(BlobStore blobs, InstanceIndex index, Duration gracePeriod, Clock clock) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.index = Objects.requireNonNull(index, "index");
    this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("negative grace period " + gracePeriod);
    }
  }

  /**
   * One pass over the store, under the index's {@value #LOCK_NAME} lock so that of several nodes
   * sharing a store and index only one sweeps at a time; when another holds it, this round is
   * skipped ({@link SweepReport#skipped()}). Stops at the first store or index failure, which it
   * throws.
   */
  public SweepReport sweep() throws StorageException {
    return index.tryExclusive(LOCK_NAME, this::sweepLocked).orElseGet(SweepReport::skippedRound);
  }

  private SweepReport sweepLocked() throws StorageException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(gracePeriod);
    long purged = blobs.purgeTemporaries(cutoff);
    long examined = 0;
    long deleted = 0;
    try (Stream<BlobInfo> all = blobs.list()) {
      for (Iterator<BlobInfo> it = all.iterator(); it.hasNext(); ) {
        BlobInfo info = it.next();
        examined++;
        if (!info.lastModified().isBefore(cutoff) || index.isBlobReferenced(info.key().value())) {
          continue;
        }
        if (index.deleteBlobIfUnreferenced(info.key().value(), now, () -> blobs.delete(info.key()))) {
          deleted++;
        }
      }
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof StorageException se) {
        throw se;
      }
      throw new StorageException(StorageException.Reason.IO, "sweep: listing " + blobs.describe() + " failed", e);
    }
    return new SweepReport(examined, deleted, purged, false);
  }

  /** Runs {@link #sweep} every {@code interval} on {@code executor}; failures are logged, not fatal. */
  public ScheduledFuture<?> scheduleEvery(ScheduledExecutorService executor, Duration interval) {
    return executor.scheduleWithFixedDelay(() -> {
      try {
        SweepReport r = sweep();
        LOG.log(Level.DEBUG, "sweep: " + r);
      } catch (StorageException | RuntimeException e) {
        LOG.log(Level.WARNING, "sweep failed, retrying next interval: " + e.getMessage());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }
}
