package dev.lightbox.service;

import dev.lightbox.storage.index.InstanceRecord;

/** Validation of identifiers that arrive in requests (PS3.5 §9.1). */
public final class Uids {
  private Uids() {}

  /** True when {@code id} can be a UID: 1–64 digits and dots (PS3.5 §9.1). */
  public static boolean isValid(String id) {
    return InstanceRecord.isValidUid(id);
  }

  /** Refuses an id that cannot be a SOP Instance UID, before any store is asked. */
  public static void requireInstanceId(String id) throws ServiceException {
    if (!isValid(id)) {
      String shown = id == null ? "nothing" : id.length() > 80 ? id.substring(0, 80) + "…" : id;
      throw ServiceException.invalidRequest("invalid instance id '" + shown
          + "': a SOP Instance UID is 1-64 digits and dots (PS3.5 §9.1)");
    }
  }

  /** Refuses a Study or Series Instance UID ({@code what}) that cannot be a UID (PS3.5 §9.1). */
  public static void requireUid(String what, String id) throws ServiceException {
    if (!isValid(id)) {
      String shown = id == null ? "nothing" : id.length() > 80 ? id.substring(0, 80) + "…" : id;
      throw ServiceException.invalidRequest("invalid " + what + " UID '" + shown
          + "': a UID is 1-64 digits and dots (PS3.5 §9.1)");
    }
  }
}
