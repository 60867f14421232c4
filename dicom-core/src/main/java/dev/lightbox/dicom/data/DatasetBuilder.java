package dev.lightbox.dicom.data;

import java.util.Arrays;

/**
 * Collects attributes and freezes them into a {@link Dataset}. Appending in ascending tag order (the
 * order of a conformant file) is O(1); an out-of-order tag is inserted in place, and a repeated tag
 * replaces the earlier value.
 *
 * <p>The typed adders ({@link #addStrings}, {@link #addIntegers}, {@link #addFloats}, {@link
 * #addTags}, {@link #addSequence}, {@link #addBytes}) build datasets from scratch, e.g. DIMSE
 * identifiers or test inputs; they encode with {@link ValueEncoder} in the builder's byte order and
 * character set. Adding Specific Character Set (0008,0005) with {@link #addStrings} also sets the
 * builder's character set, so add it before the text it governs.
 */
public final class DatasetBuilder {
  private int[] tags = new int[8];
  private Vr[] vrs = new Vr[8];
  private Object[] values = new Object[8];
  private int size;
  private boolean bigEndian;
  private SpecificCharacterSet charset = SpecificCharacterSet.DEFAULT;

  public DatasetBuilder bigEndian(boolean bigEndian) {
    this.bigEndian = bigEndian;
    return this;
  }

  public DatasetBuilder charset(SpecificCharacterSet charset) {
    this.charset = charset;
    return this;
  }

  public SpecificCharacterSet charset() {
    return charset;
  }

  public int size() {
    return size;
  }

  /** The last tag added in ascending order, or -1 when empty. */
  public int lastTag() {
    return size == 0 ? -1 : tags[size - 1];
  }

  /** True when {@code tag} was already added. */
  public boolean contains(int tag) {
    return search(tag) >= 0;
  }

  /** The value of {@code tag} added so far, or null. */
  public Object valueOf(int tag) {
    int i = search(tag);
    return i >= 0 ? values[i] : null;
  }

  public DatasetBuilder add(int tag, Vr vr, Object value) {
    if (size > 0 && Integer.compareUnsigned(tag, tags[size - 1]) > 0) {
      ensureCapacity();
      tags[size] = tag;
      vrs[size] = vr;
      values[size] = value;
      size++;
      return this;
    }
    int i = search(tag);
    if (i >= 0) {
      vrs[i] = vr;
      values[i] = value;
      return this;
    }
    int at = -i - 1;
    ensureCapacity();
    System.arraycopy(tags, at, tags, at + 1, size - at);
    System.arraycopy(vrs, at, vrs, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    tags[at] = tag;
    vrs[at] = vr;
    values[at] = value;
    size++;
    return this;
  }

  /** Convenience for tests and writers: a string value in the builder's character set. */
  public DatasetBuilder addString(int tag, Vr vr, String value) {
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    if ((bytes.length & 1) == 1) {
      bytes = Arrays.copyOf(bytes, bytes.length + 1);
      bytes[bytes.length - 1] = vr.padding();
    }
    return add(tag, vr, bytes);
  }

  /** String values joined by backslash and padded (PS3.5 §6.4, §7.1.1). */
  public DatasetBuilder addStrings(int tag, Vr vr, String... values) {
    if (tag == Tag.SPECIFIC_CHARACTER_SET) {
      charset(SpecificCharacterSet.of(java.util.List.of(values)));
    }
    return add(tag, vr, ValueEncoder.strings(vr, charset, values));
  }

  /** Binary integer values (US, SS, UL, SL, SV, UV). */
  public DatasetBuilder addIntegers(int tag, Vr vr, long... values) {
    return add(tag, vr, ValueEncoder.integers(vr, bigEndian, values));
  }

  /** FL or FD values. */
  public DatasetBuilder addFloats(int tag, Vr vr, double... values) {
    return add(tag, vr, ValueEncoder.floats(vr, bigEndian, values));
  }

  /** AT values. */
  public DatasetBuilder addTags(int tag, int... tags) {
    return add(tag, Vr.AT, ValueEncoder.tags(bigEndian, tags));
  }

  /** A sequence of the given items (none for an empty sequence). */
  public DatasetBuilder addSequence(int tag, Dataset... items) {
    return add(tag, Vr.SQ, new Sequence(java.util.List.of(items)));
  }

  /** Raw value bytes (in the builder's byte order for multi-byte VRs), padded to even length. */
  public DatasetBuilder addBytes(int tag, Vr vr, byte[] value) {
    return add(tag, vr, ValueEncoder.padded(vr, value.clone()));
  }

  /** A builder holding the attributes of {@code dataset}, with its byte order and character set. */
  public static DatasetBuilder from(Dataset dataset) {
    DatasetBuilder b = new DatasetBuilder().bigEndian(dataset.bigEndian())
        .charset(dataset.charset());
    for (Element e : dataset) {
      b.add(e.tag(), e.vr(), e.value());
    }
    return b;
  }

  private int search(int tag) {
    return Tag.search(tags, size, tag);
  }

  private void ensureCapacity() {
    if (size == tags.length) {
      int n = tags.length * 2;
      tags = Arrays.copyOf(tags, n);
      vrs = Arrays.copyOf(vrs, n);
      values = Arrays.copyOf(values, n);
    }
  }

  public Dataset build() {
    if (size == 0 && !bigEndian && charset == SpecificCharacterSet.DEFAULT) {
      // Empty items are common (and a cheap way to inflate heap use): share one instance.
      return Dataset.EMPTY;
    }
    return new Dataset(Arrays.copyOf(tags, size), Arrays.copyOf(vrs, size),
        Arrays.copyOf(values, size), size, bigEndian, charset);
  }
}
