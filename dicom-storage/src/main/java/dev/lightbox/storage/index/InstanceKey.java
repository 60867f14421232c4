package dev.lightbox.storage.index;

import java.util.Objects;

/** One instance's key in the index: its tenant and SOP Instance UID. */
public record InstanceKey(String tenant, String sopInstanceUid) {

  public InstanceKey {
    InstanceIndex.requireTenant(tenant);
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
  }
}
