package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;

/**
 * JPEG 2000 Part 1 decoder (ISO/IEC 15444-1 / ITU-T T.800) for the DICOM transfer syntaxes
 * 1.2.840.10008.1.2.4.90 and .91 (PS3.5 §A.4.4): a bare codestream or a JP2 file, every
 * progression order, tiles, precincts, code-block styles, both wavelets, RCT and ICT, ROI
 * maxshift, 1-16 bit signed and unsigned components. Declared sizes are checked against the
 * limits before anything is allocated; every failure is a {@link CodecException} naming the
 * marker and byte offset. Stateless and thread-safe; a large image's code-blocks are decoded on
 * the calling thread and one pool thread.
 */
public final class Jpeg2000Decoder {
  private Jpeg2000Decoder() {}

  /** Full-resolution decode. Samples of signed components are two's complement values. */
  public static DecodedImage decode(byte[] data, int offset, int length, DecodeLimits limits)
      throws CodecException {
    return decode(data, offset, length, Jpeg2000Limits.of(limits), 0);
  }

  /**
   * Decodes {@code reduce} resolution levels below full (each halves width and height, rounding
   * up), skipping tier-1 and the wavelet for the discarded levels: a cheap thumbnail.
   */
  public static DecodedImage decode(byte[] data, int offset, int length, Jpeg2000Limits limits,
      int reduce) throws CodecException {
    return decode(data, offset, length, limits, reduce, true);
  }

  /**
   * {@link #decode(byte[], int, int, Jpeg2000Limits, int)}, choosing whether a large
   * tile-component's code-blocks may be shared with a pool thread ({@code parallel}; the samples
   * are the same either way). One thread suits callers that already decode frames in parallel
   * and CPU-time measurements.
   */
  public static DecodedImage decode(byte[] data, int offset, int length, Jpeg2000Limits limits,
      int reduce, boolean parallel) throws CodecException {
    if (reduce < 0 || reduce > 32) {
      throw new IllegalArgumentException("reduce " + reduce);
    }
    Deadline deadline = new Deadline(limits.timeBudgetNanos());
    int off = offset;
    int len = length;
    if (Jp2Boxes.isJp2(data, offset, length)) {
      int[] cs = Jp2Boxes.codestream(data, offset, length);
      off = cs[0];
      len = cs[1];
    }
    Codestream cs = Codestream.parse(data, off, len, limits);
    // SIZ always follows the 2-byte SOC (A.4.1).
    ComponentPlanes planes = new ComponentPlanes(cs.size, reduce, off + 2);
    TileDecoder tiles = new TileDecoder(cs.size, limits, deadline, reduce, parallel);
    for (Codestream.Tile tile : cs.tiles) {
      if (tile != null) {
        tiles.decode(tile, planes);
      }
    }
    int precision = 0;
    for (ImageSize.Component c : cs.size.components()) {
      precision = Math.max(precision, c.precision());
    }
    return planes.interleave(precision);
  }

  /** Most resolution levels {@link #decode(byte[], int, int, Jpeg2000Limits, int)} can drop. */
  public static int decompositionLevels(byte[] data, int offset, int length)
      throws CodecException {
    int off = offset;
    int len = length;
    if (Jp2Boxes.isJp2(data, offset, length)) {
      int[] cs = Jp2Boxes.codestream(data, offset, length);
      off = cs[0];
      len = cs[1];
    }
    Codestream cs = Codestream.parse(data, off, len, Jpeg2000Limits.of(DecodeLimits.DEFAULT));
    int min = 32;
    for (CodingStyle s : cs.main.styles) {
      min = Math.min(min, s.levels());
    }
    return min;
  }
}
