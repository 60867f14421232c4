package dev.lightbox.dicom.data;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An immutable DICOM dataset: attributes sorted by tag in parallel arrays, found by binary search.
 *
 * <p>Values stay as the bytes read from the file until an accessor decodes them, using the dataset's
 * byte order and Specific Character Set (an item inherits both from its parent unless it declares its
 * own character set, PS3.5 §7.5.3). Values too large to hold are {@link BulkDataRef}s; sequences are
 * {@link Sequence}s; encapsulated pixel data is {@link Fragments}.
 */
public final class Dataset implements Iterable<Element> {
  public static final Dataset EMPTY =
      new Dataset(new int[0], new Vr[0], new Object[0], 0, false, SpecificCharacterSet.DEFAULT);

  private final int[] tags;
  private final Vr[] vrs;
  private final Object[] values;
  private final int size;
  private final boolean bigEndian;
  private final SpecificCharacterSet charset;

  Dataset(int[] tags, Vr[] vrs, Object[] values, int size, boolean bigEndian,
      SpecificCharacterSet charset) {
    this.tags = tags;
    this.vrs = vrs;
    this.values = values;
    this.size = size;
    this.bigEndian = bigEndian;
    this.charset = charset;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public boolean bigEndian() {
    return bigEndian;
  }

  public SpecificCharacterSet charset() {
    return charset;
  }

  public boolean contains(int tag) {
    return indexOf(tag) >= 0;
  }

  private int indexOf(int tag) {
    int i = Tag.search(tags, size, tag);
    return i < 0 ? -1 : i;
  }

  public Optional<Element> element(int tag) {
    int i = indexOf(tag);
    return i < 0 ? Optional.empty() : Optional.of(new Element(tags[i], vrs[i], values[i]));
  }

  public Element elementAt(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return new Element(tags[index], vrs[index], values[index]);
  }

  public Optional<Vr> vr(int tag) {
    int i = indexOf(tag);
    return i < 0 ? Optional.empty() : Optional.of(vrs[i]);
  }

  /** The raw value object (see {@link Element}) or empty when absent. */
  public Optional<Object> value(int tag) {
    int i = indexOf(tag);
    return i < 0 ? Optional.empty() : Optional.ofNullable(values[i]);
  }

  /** The value bytes when held in memory; empty when absent or not a byte value. */
  public Optional<byte[]> bytes(int tag) {
    int i = indexOf(tag);
    return i >= 0 && values[i] instanceof byte[] b ? Optional.of(b.clone()) : Optional.empty();
  }

  public Optional<Sequence> sequence(int tag) {
    int i = indexOf(tag);
    return i >= 0 && values[i] instanceof Sequence s ? Optional.of(s) : Optional.empty();
  }

  /** All string values (backslash-separated, PS3.5 §6.4), trimmed of padding; empty list if none. */
  public List<String> strings(int tag) {
    int i = indexOf(tag);
    if (i < 0 || !(values[i] instanceof byte[] raw)) {
      return List.of();
    }
    return ValueDecoder.strings(vrs[i], raw, charset, bigEndian);
  }

  /** The first string value, if any. */
  public Optional<String> string(int tag) {
    List<String> all = strings(tag);
    return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
  }

  /** Integer values of IS, US, SS, UL, SL, SV, UV (as long) or empty when absent or not integral. */
  public long[] longs(int tag) {
    int i = indexOf(tag);
    if (i < 0 || !(values[i] instanceof byte[] raw)) {
      return new long[0];
    }
    return ValueDecoder.longs(vrs[i], raw, charset, bigEndian);
  }

  public OptionalInt integer(int tag) {
    long[] all = longs(tag);
    if (all.length == 0 || all[0] < Integer.MIN_VALUE || all[0] > Integer.MAX_VALUE) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) all[0]);
  }

  public int integer(int tag, int fallback) {
    return integer(tag).orElse(fallback);
  }

  /** Numeric values of DS, IS, FL, FD and the binary integer VRs; NaN entries for bad strings. */
  public double[] doubles(int tag) {
    int i = indexOf(tag);
    if (i < 0 || !(values[i] instanceof byte[] raw)) {
      return new double[0];
    }
    return ValueDecoder.doubles(vrs[i], raw, charset, bigEndian);
  }

  public OptionalDouble decimal(int tag) {
    double[] all = doubles(tag);
    return all.length == 0 || Double.isNaN(all[0]) ? OptionalDouble.empty()
        : OptionalDouble.of(all[0]);
  }

  /** A DA value (PS3.5 §6.2, {@code YYYYMMDD}; the ACR-NEMA {@code YYYY.MM.DD} form is accepted). */
  public Optional<LocalDate> date(int tag) {
    return string(tag).flatMap(s -> {
      String digits = s.replace(".", "");
      try {
        return Optional.of(LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    });
  }

  public Optional<PersonName> personName(int tag) {
    return string(tag).map(PersonName::parse);
  }

  /** Tags in ascending order. */
  public int[] tags() {
    return Arrays.copyOf(tags, size);
  }

  @Override
  public Iterator<Element> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Element next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        return elementAt(next++);
      }
    };
  }

  /** A dataset holding only the attributes for which {@code keep} is true. */
  public Dataset filter(java.util.function.IntPredicate keep) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (keep.test(tags[i])) {
        kept.add(i);
      }
    }
    int n = kept.size();
    int[] t = new int[n];
    Vr[] v = new Vr[n];
    Object[] o = new Object[n];
    for (int k = 0; k < n; k++) {
      int i = kept.get(k);
      t[k] = tags[i];
      v[k] = vrs[i];
      o[k] = values[i];
    }
    return new Dataset(t, v, o, n, bigEndian, charset);
  }

  @Override
  public String toString() {
    return "Dataset(" + size + " attributes)";
  }
}
