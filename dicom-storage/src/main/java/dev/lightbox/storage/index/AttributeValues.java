package dev.lightbox.storage.index;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable map from {@link IndexedAttribute} to its value in DICOM string form: multiple values
 * joined with backslashes (PS3.5 §6.4), person names as the full
 * {@code Alphabetic=Ideographic=Phonetic} string (PS3.5 §6.2.1), in UTF-8 (Java strings).
 *
 * <p>An empty value is the same as an absent one (PS3.4 C.2.2.2: nothing to match), so empty
 * strings are dropped. Supplied (not computed) values are checked when the map is built: a value
 * longer than {@link IndexedAttribute#maxLength()}, or not in the attribute's format (UID, DA, TM,
 * DT, IS), is an {@link IllegalArgumentException}. Callers truncate or drop such values before
 * indexing; the index never shortens a value silently. Computed values come only from the index.
 */
public final class AttributeValues {

  private static final AttributeValues EMPTY = new AttributeValues(new EnumMap<>(IndexedAttribute.class));

  private final Map<IndexedAttribute, String> values;

  private AttributeValues(EnumMap<IndexedAttribute, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static AttributeValues empty() {
    return EMPTY;
  }

  /** Validated copy of {@code values}; see the class comment for what is refused. */
  public static AttributeValues of(Map<IndexedAttribute, String> values) {
    Builder b = builder();
    values.forEach(b::put);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> get(IndexedAttribute attribute) {
    return Optional.ofNullable(values.get(attribute));
  }

  /** The value, or "" when absent. */
  public String getOrEmpty(IndexedAttribute attribute) {
    return values.getOrDefault(attribute, "");
  }

  public boolean contains(IndexedAttribute attribute) {
    return values.containsKey(attribute);
  }

  /** Unmodifiable view, iterated in declaration order. */
  public Map<IndexedAttribute, String> asMap() {
    return values;
  }

  public int size() {
    return values.size();
  }

  /** A copy with {@code attribute} set ({@code ""} removes it). */
  public AttributeValues with(IndexedAttribute attribute, String value) {
    Builder b = builder();
    values.forEach(b::put);
    return b.put(attribute, value).build();
  }

  /** A copy with {@code attribute} set to an already validated {@code value}. */
  AttributeValues withValid(IndexedAttribute attribute, String value) {
    EnumMap<IndexedAttribute, String> m = new EnumMap<>(IndexedAttribute.class);
    m.putAll(values);
    m.put(attribute, value);
    return new AttributeValues(m);
  }

  /** A copy holding only the attributes that {@code keep} accepts. */
  AttributeValues only(java.util.function.Predicate<IndexedAttribute> keep) {
    EnumMap<IndexedAttribute, String> m = new EnumMap<>(IndexedAttribute.class);
    values.forEach((a, v) -> {
      if (keep.test(a)) {
        m.put(a, v);
      }
    });
    return new AttributeValues(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributeValues other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    values.forEach((a, v) -> b.append(b.length() > 1 ? ", " : "").append(a.keyword()).append('=').append(v));
    return b.append('}').toString();
  }

  /** Collects values; {@link #build()} validates them. */
  public static final class Builder {
    private final EnumMap<IndexedAttribute, String> values = new EnumMap<>(IndexedAttribute.class);

    private Builder() {}

    /** Sets a value; null or "" removes it. */
    public Builder put(IndexedAttribute attribute, String value) {
      Objects.requireNonNull(attribute, "attribute");
      if (value == null || value.isEmpty()) {
        values.remove(attribute);
      } else {
        values.put(attribute, value);
      }
      return this;
    }

    public AttributeValues build() {
      EnumMap<IndexedAttribute, String> checked = new EnumMap<>(IndexedAttribute.class);
      for (Map.Entry<IndexedAttribute, String> e : values.entrySet()) {
        checked.put(e.getKey(), check(e.getKey(), e.getValue()));
      }
      return new AttributeValues(checked);
    }

    /** Builds without checks: values read back from the index's own columns. */
    AttributeValues buildTrusted() {
      return new AttributeValues(values.clone());
    }
  }

  /** The value as stored (integers in canonical form), or an exception saying what is wrong. */
  private static String check(IndexedAttribute a, String value) {
    if (a.computed()) {
      return value; // only the index builds maps with computed values; records refuse them
    }
    String problem = ValueFormats.problem(a.kind(), value);
    if (problem != null) {
      throw new IllegalArgumentException(a.describe() + " value \"" + shorten(value) + "\" " + problem);
    }
    if (value.length() > a.maxLength()) {
      throw new IllegalArgumentException(a.describe() + " value is " + value.length()
          + " characters, more than the " + a.maxLength() + " the index stores; truncate or drop it before indexing");
    }
    return a.kind() == ValueKind.INTEGER ? Integer.toString(Integer.parseInt(value)) : value;
  }

  static String shorten(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "…" : value;
  }
}
