package dev.lightbox.storage.ingest;

/**
 * What one sweep did.
 *
 * @param examined blobs listed
 * @param deleted unreferenced blobs older than the grace period that were removed
 * @param temporariesPurged leftovers of interrupted puts removed
 * @param skipped true when another sweeper (another node sharing the index) held the sweep lock,
 *     so this round did nothing
 */
public record SweepReport(long examined, long deleted, long temporariesPurged, boolean skipped) {

  /** The report of a round that found the sweep lock taken. */
  public static SweepReport skippedRound() {
    return new SweepReport(0, 0, 0, true);
  }
}
