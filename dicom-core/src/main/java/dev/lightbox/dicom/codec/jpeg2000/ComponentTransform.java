package dev.lightbox.dicom.codec.jpeg2000;

/** Inverse multiple-component transforms of ISO/IEC 15444-1 Annex G: RCT (G-7) and ICT (G-13). */
final class ComponentTransform {
  private ComponentTransform() {}

  static void inverseRct(int[] y0, int[] y1, int[] y2, int stride, int w, int h) {
    for (int row = 0; row < h; row++) {
      for (int i = row * stride, e = i + w; i < e; i++) {
        int g = y0[i] - ((y1[i] + y2[i]) >> 2);
        int r = y2[i] + g;
        int b = y1[i] + g;
        y0[i] = r;
        y1[i] = g;
        y2[i] = b;
      }
    }
  }

  static void inverseIct(float[] y0, float[] y1, float[] y2, int stride, int w, int h) {
    for (int row = 0; row < h; row++) {
      for (int i = row * stride, e = i + w; i < e; i++) {
        float y = y0[i];
        float cb = y1[i];
        float cr = y2[i];
        y0[i] = y + 1.402f * cr;
        y1[i] = y - 0.34413f * cb - 0.71414f * cr;
        y2[i] = y + 1.772f * cb;
      }
    }
  }
}
