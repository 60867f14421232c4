package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;

/**
 * Ceilings checked before anything a codestream declares is allocated, and the time one frame may
 * take. A stream above a limit ends with a {@link CodecException} naming the marker and offset.
 *
 * @param samples most decoded samples (all components) per frame
 * @param maxTiles most tiles the SIZ grid may declare
 * @param maxTileParts most tile-parts per tile
 * @param maxCodeBlocks most code-blocks per tile (all components, resolutions and subbands)
 * @param timeBudgetNanos wall-clock time one decode may take
 */
public record Jpeg2000Limits(DecodeLimits samples, int maxTiles, int maxTileParts,
    long maxCodeBlocks, long timeBudgetNanos) {

  /** Defaults: the DecodeLimits sample ceiling, 65,536 tiles, 255 parts, 4 Mi code-blocks, 10 s. */
  public static Jpeg2000Limits of(DecodeLimits samples) {
    return new Jpeg2000Limits(samples, 1 << 16, 255, 1L << 22, 10_000_000_000L);
  }

  void checkImage(ImageSize siz, int offset) throws CodecException {
    long comps = siz.components().length;
    long w = (long) siz.x1() - siz.x0();
    long h = (long) siz.y1() - siz.y0();
    samples.check(J2kException.CODEC, offset, w, h, comps);
    long tiles = (long) siz.tilesX() * siz.tilesY();
    if (tiles > maxTiles) {
      throw J2kException.at("SIZ", offset, tiles + " tiles exceed the limit " + maxTiles);
    }
  }
}
