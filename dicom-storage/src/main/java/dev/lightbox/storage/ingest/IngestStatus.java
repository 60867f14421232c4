package dev.lightbox.storage.ingest;

/** How an ingest ended (the HTTP layer maps these to 201, 200 and 200). */
public enum IngestStatus {
  /** A new instance was stored. */
  STORED,
  /** The same bytes were already stored under this SOP Instance UID; nothing changed. */
  ALREADY_STORED,
  /** Different content replaced the instance because the request asked for it. */
  REPLACED
}
