package dev.lightbox.storage.ingest;

import dev.lightbox.storage.index.InstanceRecord;

/**
 * Different content arrived under a SOP Instance UID that is already stored, and the request did
 * not ask to replace it. Nothing was changed.
 */
public final class ConflictException extends Exception {

  private final InstanceRecord existing;
  private final String offeredSha256;

  public ConflictException(InstanceRecord existing, String offeredSha256) {
    super("SOP Instance UID " + existing.sopInstanceUid() + " is already stored with SHA-256 "
        + existing.sha256() + "; the new content has SHA-256 " + offeredSha256
        + " (ask to replace it explicitly)");
    this.existing = existing;
    this.offeredSha256 = offeredSha256;
  }

  public InstanceRecord existing() {
    return existing;
  }

  public String offeredSha256() {
    return offeredSha256;
  }
}
