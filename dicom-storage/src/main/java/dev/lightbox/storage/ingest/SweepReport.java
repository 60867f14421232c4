package dev.lightbox.storage.ingest;

/**
 * What one sweep did.
 *
 * @param examined blobs listed
 * @param deleted unreferenced blobs older than the grace period that were removed
 * @param temporariesPurged leftovers of interrupted puts removed
 */
public record SweepReport(long examined, long deleted, long temporariesPurged) {}
