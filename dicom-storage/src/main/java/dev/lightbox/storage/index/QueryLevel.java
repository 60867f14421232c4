package dev.lightbox.storage.index;

/**
 * The levels of the DICOM information model that the index answers queries at (PS3.4 C.6.1.1,
 * C.6.2.1; PS3.18 §10.6 QIDO-RS resources), from the top down.
 */
public enum QueryLevel {
  PATIENT,
  STUDY,
  SERIES,
  INSTANCE;

  /** True when {@code other} is this level or above it (a key a query at this level may match). */
  public boolean canMatch(QueryLevel other) {
    return other.ordinal() <= ordinal();
  }
}
