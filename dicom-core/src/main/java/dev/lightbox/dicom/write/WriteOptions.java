package dev.lightbox.dicom.write;

import java.util.zip.Deflater;

/**
 * Per-call writer settings.
 *
 * @param lengths how sequences and items are delimited (PS3.5 §7.5.1); both forms are equivalent
 *     to every conformant reader
 * @param deflateLevel {@link Deflater} level for Deflated Explicit VR Little Endian (PS3.5 §A.5)
 */
public record WriteOptions(Lengths lengths, int deflateLevel) {
  /** Sequence and item length encoding. */
  public enum Lengths {
    /**
     * Undefined length with delimitation items: one pass, nothing computed ahead. Empty sequences
     * are written with length 0.
     */
    UNDEFINED,
    /** Explicit lengths, computed from the values before writing (no buffering). */
    DEFINED
  }

  public WriteOptions {
    if (deflateLevel < Deflater.DEFAULT_COMPRESSION || deflateLevel > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("deflate level " + deflateLevel);
    }
  }

  /** Undefined-length sequences and items; default deflate level. */
  public static WriteOptions defaults() {
    return new WriteOptions(Lengths.UNDEFINED, Deflater.DEFAULT_COMPRESSION);
  }

  public WriteOptions withLengths(Lengths l) {
    return new WriteOptions(l, deflateLevel);
  }
}
