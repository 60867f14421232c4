package dev.lightbox.storage.index;

/**
 * Result of {@link InstanceIndex#insertIfAbsent}: whether this call inserted the row, and the row
 * now stored under the SOP Instance UID (the caller's when inserted, else the one that was there).
 */
public record InsertOutcome(boolean inserted, InstanceRecord stored) {}
