package dev.lightbox.service.scrub;

import java.util.List;

/**
 * What one scrub found. Rows whose blob is missing or whose bytes no longer hash to the recorded
 * SHA-256 are {@link #damaged()}: the scrub never deletes or changes such a row, the operator
 * decides (restore the blob from a backup, re-upload the original, or delete the instance).
 *
 * @param rowsChecked index rows read
 * @param bytesHashed blob bytes re-hashed
 * @param damaged rows whose blob is missing, unreadable or corrupt, in listing order
 * @param blobsChecked blobs listed in the store
 * @param orphans unreferenced blobs older than the sweeper's grace (safe to remove)
 * @param youngUnreferenced unreferenced blobs younger than the grace: possibly an upload in
 *     flight, left alone and not counted as orphans
 * @param orphansRemoved orphans deleted by a repair run
 */
public record ScrubReport(long rowsChecked, long bytesHashed, List<Damage> damaged,
    long blobsChecked, List<String> orphans, long youngUnreferenced, long orphansRemoved) {

  public ScrubReport {
    damaged = List.copyOf(damaged);
    orphans = List.copyOf(orphans);
  }

  /** What is wrong with one index row's blob. */
  public enum Problem {
    /** The store has no blob under the row's key. */
    MISSING("missing blob"),
    /** The blob's bytes hash to something else than the row records. */
    HASH_MISMATCH("hash mismatch"),
    /** The blob has another length than the row records (also a mismatch, named for clarity). */
    SIZE_MISMATCH("size mismatch"),
    /** The store failed while reading the blob (I/O error, permission). */
    UNREADABLE("unreadable blob");

    private final String words;

    Problem(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** One damaged row: which instance, which blob, what is wrong, and details for the operator. */
  /** One damaged instance; {@code tenant} says whose, since a UID may exist in several tenants. */
  public record Damage(String tenant, String sopInstanceUid, String blobKey, Problem problem,
      String detail) {}

  /** Orphans still in the store after this run (found but not removed). */
  public long orphansLeft() {
    return orphans.size() - orphansRemoved;
  }
}
