package dev.lightbox.dicom.data;

/**
 * A value left in its source: {@code length} bytes at {@code offset}, read later through a {@link
 * dev.lightbox.dicom.io.ByteSource}. Large values become references so that parsing a header never
 * loads pixel data or other bulk by accident.
 *
 * @param offset absolute byte offset of the value in the source
 * @param length value length in bytes (even for conformant files)
 */
public record BulkDataRef(long offset, long length) {
  public BulkDataRef {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset " + offset + " / length " + length);
    }
  }
}
