package dev.lightbox.storage.ingest;

import dev.lightbox.storage.StorageException;

/**
 * The instance's index row kept changing under an ingest (replacements racing from several
 * nodes) so this ingest gave up without changing anything; retrying shortly succeeds. Within one
 * process replacements of one SOP Instance UID are serialised and never end here.
 */
public final class ConcurrentChangeException extends StorageException {
  public ConcurrentChangeException(String message) {
    super(Reason.IO, message);
  }
}
