package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.SharedWork;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one tile into the image's component planes: geometry, tier-2 packets, tier-1 blocks,
 * dequantization (Annex E), inverse DWT (Annex F), inverse component transform and DC level
 * shift (Annex G), at the resolution {@code reduce} levels below full.
 */
final class TileDecoder {
  private final ImageSize siz;
  private final Jpeg2000Limits limits;
  private final Deadline deadline;
  private final int reduce;
  private final boolean parallel;
  private final Tier1 tier1 = new Tier1();

  /**
   * Below this many coded bytes in a tile-component its code-blocks are decoded on the calling
   * thread alone: handing work to a pool thread costs tens of microseconds, a thumbnail's or a
   * small tile's whole tier-1.
   */
  static final int MIN_PARALLEL_BYTES = 16 * 1024;

  /**
   * @param parallel whether large tile-components may share their code-blocks with a pool thread
   */
  TileDecoder(ImageSize siz, Jpeg2000Limits limits, Deadline deadline, int reduce,
      boolean parallel) {
    this.siz = siz;
    this.limits = limits;
    this.deadline = deadline;
    this.reduce = reduce;
    this.parallel = parallel;
  }

  void decode(Codestream.Tile tile, ComponentPlanes out) throws CodecException {
    int tilesX = siz.tilesX();
    int p = tile.index % tilesX;
    int q = tile.index / tilesX;
    int tx0 = (int) Math.max((long) siz.tileX0() + (long) p * siz.tileWidth(), siz.x0());
    int ty0 = (int) Math.max((long) siz.tileY0() + (long) q * siz.tileHeight(), siz.y0());
    int tx1 = (int) Math.min((long) siz.tileX0() + (long) (p + 1) * siz.tileWidth(), siz.x1());
    int ty1 = (int) Math.min((long) siz.tileY0() + (long) (q + 1) * siz.tileHeight(), siz.y1());
    CodingParameters params = tile.params;
    int n = siz.components().length;
    TileComponent[] comps = new TileComponent[n];
    long[] budget = {limits.maxCodeBlocks()};
    for (int c = 0; c < n; c++) {
      comps[c] = TileComponent.build(c, tx0, ty0, tx1, ty1, siz, params, budget,
          tile.firstOffset);
      if (reduce > comps[c].style.levels()) {
        throw J2kException.at("COD/COC", tile.firstOffset, "cannot reduce by " + reduce
            + " levels: component " + c + " has " + comps[c].style.levels());
      }
    }
    byte[] headers = tile.headers == null ? null : tile.headers.toByteArray();
    PacketReader reader = new PacketReader(tile.body.toByteArray(), headers, params, comps,
        tile.firstOffset);
    new Progression(comps, reader, tx0, ty0, deadline).run(params);

    boolean mct = params.multipleComponentTransform && n >= 3;
    if (mct) {
      checkTransformable(comps, tile.firstOffset);
    }
    Object[] planes = new Object[n];
    for (int c = 0; c < n; c++) {
      planes[c] = reconstruct(comps[c], tile.firstOffset);
    }
    TileComponent c0 = comps[0];
    int top0 = c0.resolutions.length - 1 - reduce;
    if (mct) {
      Resolution res = c0.resolutions[top0];
      int count = res.width() * res.height();
      int stride = c0.width();
      if (c0.style.reversible()) {
        ComponentTransform.inverseRct((int[]) planes[0], (int[]) planes[1], (int[]) planes[2],
            stride, res.width(), res.height());
      } else {
        ComponentTransform.inverseIct((float[]) planes[0], (float[]) planes[1],
            (float[]) planes[2], stride, res.width(), res.height());
      }
      assert count >= 0;
    }
    for (int c = 0; c < n; c++) {
      TileComponent tc = comps[c];
      Resolution res = tc.resolutions[tc.resolutions.length - 1 - reduce];
      out.place(c, res, tc.width(), planes[c], tc.precision, tc.signed);
    }
  }

  private static void checkTransformable(TileComponent[] comps, int offset)
      throws CodecException {
    for (int c = 1; c < 3; c++) {
      if (comps[c].width() != comps[0].width() || comps[c].height() != comps[0].height()
          || comps[c].style.reversible() != comps[0].style.reversible()
          || comps[c].style.levels() != comps[0].style.levels()) {
        throw J2kException.at("COD", offset, "multiple component transform needs components "
            + "0-2 of equal size and the same wavelet");
      }
    }
  }

  /**
   * Tier-1 and dequantization of every needed code-block, then the inverse DWT. Code-blocks are
   * coded independently (T.800 §D.1: no context crosses a code-block's edge) and each writes its
   * own region of the coefficient plane, so a tile-component with enough coded bytes shares them
   * with a pool thread ({@link SharedWork}); the samples are the same either way.
   */
  private Object reconstruct(TileComponent tc, int tileOffset) throws CodecException {
    int stride = tc.width();
    int size = tc.width() * tc.height();
    boolean reversible = tc.style.reversible();
    int[] ints = reversible ? new int[size] : null;
    float[] floats = reversible ? null : new float[size];
    int top = tc.resolutions.length - 1 - reduce;
    int style = tc.style.blockStyle();
    List<Subband> bands = new ArrayList<>();
    List<CodeBlock> blocks = new ArrayList<>();
    long codedBytes = 0;
    for (int r = 0; r <= top; r++) {
      for (Subband band : tc.resolutions[r].bands) {
        for (CodeBlock cb : band.blocks) {
          if (cb == null || cb.passes == 0) {
            continue;
          }
          int planes = band.magnitudeBits + tc.roiShift - cb.zeroBitplanes;
          if (planes > 30) {
            // One bit more is kept for the half-interval reconstruction: 31 bits in an int.
            throw J2kException.at("packet header", tileOffset, "code-block of component "
                + tc.index + " codes " + planes + " magnitude bit-planes (at most 30)");
          }
          bands.add(band);
          blocks.add(cb);
          codedBytes += cb.length;
        }
      }
    }
    SharedWork.run(blocks.size(), parallel && codedBytes >= MIN_PARALLEL_BYTES, tier1,
        Tier1::new, (t1, i) -> {
          deadline.check("tier-1", 0);
          Subband band = bands.get(i);
          CodeBlock cb = blocks.get(i);
          int planes = band.magnitudeBits + tc.roiShift - cb.zeroBitplanes;
          BlockSamples samples;
          if ((style & CodingStyle.HT) != 0) {
            t1.ht.decode(cb, planes - 1, style, tileOffset);
            samples = t1.ht;
          } else {
            t1.mq.decode(cb, band.orientation, style, planes);
            samples = t1.mq;
          }
          int ox = band.bufferX + cb.x0 - band.x0;
          int oy = band.bufferY + cb.y0 - band.y0;
          if (reversible) {
            store(samples, tc.roiShift, cb, ox, oy, stride, ints);
          } else {
            store(samples, tc.roiShift, cb, ox, oy, stride, floats, 0.5f * band.step);
          }
        });
    if (reversible) {
      InverseWavelet.reversible(ints, stride, tc.resolutions, top);
      return ints;
    }
    InverseWavelet.irreversible(floats, stride, tc.resolutions, top);
    return floats;
  }

  /** One thread's block decoders (their buffers are reused from block to block). */
  private static final class Tier1 {
    final BlockDecoder mq = new BlockDecoder();
    final HtBlockDecoder ht = new HtBlockDecoder();
  }

  /** Undoes the ROI maxshift (Annex H): magnitudes at or above 2^s belong to the ROI. */
  private static int unshift(int m, int roi) {
    if (roi > 0 && m >= (2 << roi)) {
      return m >> roi;
    }
    return m;
  }

  private static void store(BlockSamples blocks, int roi, CodeBlock cb, int ox, int oy,
      int stride, int[] out) {
    int w = cb.width();
    int h = cb.height();
    int[] mags = blocks.magnitudes();
    for (int y = 0; y < h; y++) {
      int row = (oy + y) * stride + ox;
      for (int x = 0; x < w; x++) {
        int m = unshift(mags[y * w + x], roi) >> 1;
        out[row + x] = blocks.negative(x, y) ? -m : m;
      }
    }
  }

  private static void store(BlockSamples blocks, int roi, CodeBlock cb, int ox, int oy,
      int stride, float[] out, float step) {
    int w = cb.width();
    int h = cb.height();
    int[] mags = blocks.magnitudes();
    for (int y = 0; y < h; y++) {
      int row = (oy + y) * stride + ox;
      for (int x = 0; x < w; x++) {
        int m = unshift(mags[y * w + x], roi);
        out[row + x] = (blocks.negative(x, y) ? -m : m) * step;
      }
    }
  }
}
