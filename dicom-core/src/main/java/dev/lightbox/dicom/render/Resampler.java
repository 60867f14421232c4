package dev.lightbox.dicom.render;

/**
 * Scales a rendered image to fit a viewport keeping its aspect ratio (PS3.18 §8.3.5.1.3). Shrinking
 * averages the source area under each output pixel (a box filter with fractional coverage, which
 * avoids the aliasing of nearest-neighbour on fine anatomy); enlarging interpolates bilinearly.
 */
final class Resampler {
  private Resampler() {}

  static RenderedImage fit(RenderedImage img, RenderRequest.Viewport vp) {
    double scale = Math.min((double) vp.width() / img.width(), (double) vp.height() / img.height());
    int w = Math.max(1, (int) Math.round(img.width() * scale));
    int h = Math.max(1, (int) Math.round(img.height() * scale));
    if (w == img.width() && h == img.height()) {
      return img;
    }
    int c = img.channels();
    double[] src = new double[img.width() * img.height() * c];
    for (int i = 0; i < src.length; i++) {
      src[i] = img.bitDepth() == 8 ? img.bytes()[i] & 0xFF : img.shorts()[i] & 0xFFFF;
    }
    double[] rows = resize(src, img.width(), img.height(), c, w, true);
    double[] out = resize(rows, w, img.height(), c, h, false);
    if (img.bitDepth() == 8) {
      byte[] b = new byte[out.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) Math.min(255, Math.max(0, Math.round(out[i])));
      }
      return new RenderedImage(w, h, c, 8, b, null, img.windowUsed());
    }
    short[] s = new short[out.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.min(65535, Math.max(0, Math.round(out[i])));
    }
    return new RenderedImage(w, h, c, 16, null, s, img.windowUsed());
  }

  /** Resizes along one axis: horizontal ({@code alongX}) or vertical. */
  private static double[] resize(double[] src, int sw, int sh, int c, int target,
      boolean alongX) {
    int srcLen = alongX ? sw : sh;
    int other = alongX ? sh : sw;
    int outW = alongX ? target : sw;
    double[] out = new double[(alongX ? target * sh : sw * target) * c];
    double ratio = (double) srcLen / target;
    for (int o = 0; o < other; o++) {
      for (int t = 0; t < target; t++) {
        for (int ch = 0; ch < c; ch++) {
          double v;
          if (ratio > 1) {
            double start = t * ratio;
            double end = start + ratio;
            double sum = 0;
            for (int s = (int) start; s < Math.min(srcLen, Math.ceil(end)); s++) {
              double cover = Math.min(end, s + 1) - Math.max(start, s);
              sum += cover * at(src, sw, c, alongX, o, s, ch);
            }
            v = sum / ratio;
          } else {
            double pos = (t + 0.5) * ratio - 0.5;
            int s0 = (int) Math.floor(pos);
            double frac = pos - s0;
            int a = Math.max(0, Math.min(srcLen - 1, s0));
            int b = Math.max(0, Math.min(srcLen - 1, s0 + 1));
            v = at(src, sw, c, alongX, o, a, ch) * (1 - frac)
                + at(src, sw, c, alongX, o, b, ch) * frac;
          }
          int x = alongX ? t : o;
          int y = alongX ? o : t;
          out[(y * outW + x) * c + ch] = v;
        }
      }
    }
    return out;
  }

  private static double at(double[] src, int sw, int c, boolean alongX, int o, int s, int ch) {
    int x = alongX ? s : o;
    int y = alongX ? o : s;
    return src[(y * sw + x) * c + ch];
  }
}
