package dev.lightbox.dicom.data;

/**
 * One attribute as seen when iterating a {@link Dataset}. {@code value} is one of: {@code byte[]}
 * (raw value bytes in the dataset's byte order), {@link BulkDataRef}, {@link Sequence} or {@link
 * Fragments}.
 */
public record Element(int tag, Vr vr, Object value) {
  /** Length of the value in bytes, or -1 for sequences and encapsulated pixel data. */
  public long length() {
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof BulkDataRef ref) {
      return ref.length();
    }
    return -1;
  }

  @Override
  public String toString() {
    return Tag.toString(tag) + " " + vr;
  }
}
