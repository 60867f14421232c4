package dev.lightbox.storage.blob;

/** Argument checks shared by the stores' ranged reads. */
final class Ranges {

  private Ranges() {}

  /** Throws IllegalArgumentException unless {@code [offset, offset+length)} lies in {@code [0, size)}. */
  static void check(BlobKey key, long offset, long length, long size) {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new IllegalArgumentException("range offset " + offset + " length " + length
          + " outside blob " + key + " of size " + size);
    }
  }
}
