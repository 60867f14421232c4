package dev.lightbox.service;

/**
 * The two stores every request depends on. A store outage names one of them, so an operator
 * knows which machine to look at and a client which part of the service is down.
 */
public enum Store {
  /** The metadata index (SQLite in the data directory, or PostgreSQL). */
  INDEX("index"),
  /** The blob store holding the original files (the data directory, or S3). */
  BLOB_STORE("blob store");

  private final String label;

  Store(String label) {
    this.label = label;
  }

  /** The name shown to clients and operators: {@code index} or {@code blob store}. */
  public String label() {
    return label;
  }
}
