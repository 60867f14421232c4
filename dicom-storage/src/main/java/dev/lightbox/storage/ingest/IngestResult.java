package dev.lightbox.storage.ingest;

import dev.lightbox.storage.index.InstanceRecord;
import java.util.Optional;

/**
 * Outcome of a successful ingest.
 *
 * @param record the row now stored under the SOP Instance UID (for ALREADY_STORED, the existing one)
 * @param replaced the row that was replaced, for REPLACED
 */
public record IngestResult(IngestStatus status, InstanceRecord record, Optional<InstanceRecord> replaced) {}
