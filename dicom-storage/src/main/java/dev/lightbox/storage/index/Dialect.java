package dev.lightbox.storage.index;

/** The few SQL differences between the two supported databases. */
enum Dialect {
  SQLITE("sqlite", ""),
  POSTGRESQL("postgresql", " FOR UPDATE");

  private final String resourceDir;
  private final String forUpdate;

  Dialect(String resourceDir, String forUpdate) {
    this.resourceDir = resourceDir;
    this.forUpdate = forUpdate;
  }

  /** Directory of numbered migration scripts under {@code dev/lightbox/storage/index/migrations/}. */
  String resourceDir() {
    return resourceDir;
  }

  /** Row-lock suffix for a SELECT inside a write transaction (SQLite's writer lock covers it). */
  String forUpdate() {
    return forUpdate;
  }
}
