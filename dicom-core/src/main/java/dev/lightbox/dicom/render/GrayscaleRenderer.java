package dev.lightbox.dicom.render;

import dev.lightbox.dicom.codec.ScratchArrays;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.pixel.Frame;
import java.util.Optional;

/**
 * The grayscale pipeline of PS3.4 N.2 / PS3.3 C.11: stored values → Modality LUT (Rescale
 * Slope/Intercept or Modality LUT Sequence) → VOI (requested window, else the frame's first
 * window, else the VOI LUT Sequence, else the min/max of modality values excluding Pixel Padding
 * Value) → inversion for MONOCHROME1 or an INVERSE Presentation LUT Shape → 8 or 16 bits.
 *
 * <p>The chain is evaluated once per distinct stored value into a table, so a frame costs one table
 * lookup per pixel.
 */
final class GrayscaleRenderer {
  /** Largest stored-value range turned into a table; wider (32-bit) data is mapped per pixel. */
  private static final long MAX_TABLE = 1 << 22;

  private GrayscaleRenderer() {}

  /**
   * @param greyBelow stored values at or above this one are not grey (a Supplemental Palette
   *     Color LUT colours them, PS3.3 C.8.16.2.1.1.2) and do not widen the min/max window
   */
  static RenderedImage render(Frame frame, Dataset ds, int frameIndex, RenderRequest req,
      ValueReader values, long greyBelow) {
    FrameParameters params = new FrameParameters(ds, frameIndex);
    Optional<LookupTable> modalityLut = LookupTable.fromSequence(ds, Tag.MODALITY_LUT_SEQUENCE,
        values);
    double slope = params.rescaleSlope();
    double intercept = params.rescaleIntercept();
    Modality modality = modalityLut.isPresent()
        ? x -> modalityLut.get().lookup(x)
        : x -> x * slope + intercept;
    boolean invert = frame.photometric().equals("MONOCHROME1")
        ^ ds.string(Tag.PRESENTATION_LUT_SHAPE).map(s -> s.equals("INVERSE")).orElse(false);
    int outMax = req.bits() == 16 ? 65535 : 255;

    if (frame.floatingPoint()) {
      return renderFloat(frame, modality, req, params, invert, outMax);
    }
    int[] samples = frame.samples();
    boolean u32 = frame.unsigned32();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int raw : samples) {
      long v = u32 ? Integer.toUnsignedLong(raw) : raw;
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    Voi voi;
    Window used = null;
    Optional<Window> window = req.voi() == RenderRequest.VoiPreference.MIN_MAX ? Optional.empty()
        : req.window().or(params::window);
    Optional<LookupTable> voiLut = window.isPresent()
        || req.voi() == RenderRequest.VoiPreference.MIN_MAX ? Optional.empty()
        : LookupTable.fromSequence(ds, Tag.VOI_LUT_SEQUENCE, values);
    if (window.isPresent()) {
      used = window.get();
      voi = used::apply;
    } else if (voiLut.isPresent()) {
      LookupTable lut = voiLut.get();
      voi = x -> lut.lookup(x) / lut.max();
    } else {
      used = minMaxWindow(samples, u32, modality, ds, min, max, greyBelow);
      voi = used::apply;
    }
    long range = max - min + 1;
    if (range <= MAX_TABLE) {
      int size = (int) range;
      int base = (int) min;
      if (req.bits() == 8) {
        byte[] table = new byte[size];
        for (int i = 0; i < size; i++) {
          table[i] = (byte) output(voi.apply(modality.apply(base + i)), invert, outMax);
        }
        byte[] out = ScratchArrays.SHARED.bytes(samples.length); // every byte written
        for (int i = 0; i < samples.length; i++) {
          out[i] = table[samples[i] - base];
        }
        return new RenderedImage(frame.width(), frame.height(), 1, 8, out, null, used);
      }
      short[] table = new short[size];
      for (int i = 0; i < size; i++) {
        table[i] = (short) output(voi.apply(modality.apply(base + i)), invert, outMax);
      }
      short[] out = new short[samples.length];
      for (int i = 0; i < samples.length; i++) {
        out[i] = table[samples[i] - base];
      }
      return new RenderedImage(frame.width(), frame.height(), 1, 16, null, out, used);
    }
    return perPixel(frame.width(), frame.height(), samples.length,
        i -> output(voi.apply(modality.apply(u32 ? Integer.toUnsignedLong(samples[i])
            : samples[i])), invert, outMax), req.bits(), used);
  }

  private static int output(double v, boolean invert, int outMax) {
    double clamped = v < 0 ? 0 : v > 1 ? 1 : v;
    if (invert) {
      clamped = 1 - clamped;
    }
    return (int) Math.round(clamped * outMax);
  }

  /**
   * The window spanning the frame's modality values, ignoring Pixel Padding Value (and its range,
   * PS3.3 C.7.5.1.1.2) so that padding does not squeeze the anatomy into a few grey levels.
   */
  private static Window minMaxWindow(int[] samples, boolean u32, Modality modality, Dataset ds,
      long min, long max, long greyBelow) {
    long[] pad = ds.longs(Tag.PIXEL_PADDING_VALUE);
    if (pad.length > 0 || greyBelow <= max) {
      long a = pad.length > 0 ? pad[0] : Long.MAX_VALUE;
      long[] limit = ds.longs(Tag.PIXEL_PADDING_RANGE_LIMIT);
      long b = limit.length > 0 && pad.length > 0 ? limit[0] : a;
      long lo = Math.min(a, b);
      long hi = Math.max(a, b);
      long nmin = Long.MAX_VALUE;
      long nmax = Long.MIN_VALUE;
      for (int raw : samples) {
        long v = u32 ? Integer.toUnsignedLong(raw) : raw;
        if ((v >= lo && v <= hi) || v >= greyBelow) {
          continue;
        }
        nmin = Math.min(nmin, v);
        nmax = Math.max(nmax, v);
      }
      if (nmin <= nmax) {
        min = nmin;
        max = nmax;
      }
    }
    double m1 = modality.apply(min);
    double m2 = modality.apply(max);
    double lo = Math.min(m1, m2);
    double hi = Math.max(m1, m2);
    return windowFor(lo, hi);
  }

  /** A linear window whose first and last grey levels fall on {@code lo} and {@code hi}. */
  static Window windowFor(double lo, double hi) {
    double width = Math.max(1, hi - lo);
    return new Window(lo + width / 2, width, VoiFunction.LINEAR_EXACT);
  }

  private static RenderedImage renderFloat(Frame frame, Modality modality, RenderRequest req,
      FrameParameters params, boolean invert, int outMax) {
    float[] f = frame.floats();
    Window w = req.voi() == RenderRequest.VoiPreference.MIN_MAX ? null
        : req.window().or(params::window).orElse(null);
    if (w == null) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (float v : f) {
        if (Float.isFinite(v)) {
          double m = modality.apply(v);
          lo = Math.min(lo, m);
          hi = Math.max(hi, m);
        }
      }
      w = lo <= hi ? windowFor(lo, hi) : new Window(0, 1, VoiFunction.LINEAR);
    }
    Window used = w;
    return perPixel(frame.width(), frame.height(), f.length,
        i -> output(used.apply(modality.apply(f[i])), invert, outMax), req.bits(), used);
  }

  private static RenderedImage perPixel(int width, int height, int n,
      java.util.function.IntUnaryOperator value, int bits, Window used) {
    if (bits == 8) {
      byte[] out = ScratchArrays.SHARED.bytes(n); // every byte written
      for (int i = 0; i < n; i++) {
        out[i] = (byte) value.applyAsInt(i);
      }
      return new RenderedImage(width, height, 1, 8, out, null, used);
    }
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      out[i] = (short) value.applyAsInt(i);
    }
    return new RenderedImage(width, height, 1, 16, null, out, used);
  }

  @FunctionalInterface
  private interface Modality {
    double apply(double stored);
  }

  @FunctionalInterface
  private interface Voi {
    double apply(double modalityValue);
  }
}
