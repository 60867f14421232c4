package dev.lightbox.storage.index;

import java.util.Objects;

/**
 * One entity found by {@link InstanceIndex#query}: its attributes, the computed ones of its level
 * and of the levels above (except the patient counts, which only a PATIENT-level row carries), and
 * the attributes of the levels above it.
 */
public record QueryRow(QueryLevel level, AttributeValues values) {

  public QueryRow {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(values, "values");
  }
}
