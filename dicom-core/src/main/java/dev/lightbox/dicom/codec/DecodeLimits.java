package dev.lightbox.dicom.codec;

/**
 * Ceilings a decoder checks against the stream's declared dimensions before allocating anything,
 * so a 20-byte stream cannot ask for gigabytes (decompression bombs).
 *
 * <p>Inside DICOM the Image Pixel module already fixes the frame size (PS3.3 C.7.6.3), and a
 * caller's memory budget is reserved for that size: {@link #exactly} makes the codec refuse any
 * other declared size before it allocates, so a stream can never make the codec take more memory
 * than the header announced.
 *
 * @param maxSamples most samples (width × height × components) one decoded frame may hold
 * @param expectedWidth the width the stream must declare, or 0 for any width within the limit
 * @param expectedHeight the height the stream must declare, or 0 for any
 * @param expectedComponents the component count the stream must declare, or 0 for any
 */
public record DecodeLimits(long maxSamples, int expectedWidth, int expectedHeight,
    int expectedComponents) {
  /** 2^28 samples: a 16384×16384 grey frame (1 GiB as int[]). */
  public static final DecodeLimits DEFAULT = new DecodeLimits(1L << 28);

  /** Any dimensions whose product stays within {@code maxSamples}. */
  public DecodeLimits(long maxSamples) {
    this(maxSamples, 0, 0, 0);
  }

  /**
   * Exactly {@code width} × {@code height} × {@code components} (the DICOM header's frame), and
   * never more than {@link #DEFAULT}.
   */
  public static DecodeLimits exactly(int width, int height, int components) {
    long samples = (long) width * height * components;
    return new DecodeLimits(Math.min(samples, DEFAULT.maxSamples), width, height, components);
  }

  /** True when the stream's dimensions must equal the expected ones. */
  public boolean exact() {
    return expectedWidth > 0;
  }

  /**
   * Refuses invalid, oversized or (for {@link #exactly} limits) unexpected dimensions. The
   * product is computed exactly: 32-bit dimensions from an LSE segment (T.87 §C.2.4.1.4) can
   * overflow a long when multiplied naively with a component count.
   */
  public void check(String codec, long offset, long width, long height, long components)
      throws CodecException {
    if (width <= 0 || height <= 0 || components <= 0) {
      throw new CodecException(
          codec, offset, "invalid dimensions " + width + "x" + height + "x" + components);
    }
    String declared = width + "x" + height + "x" + components;
    if (exact() && (width != expectedWidth || height != expectedHeight
        || components != expectedComponents)) {
      throw new CodecException(codec, offset, "stream declares " + declared
          + " but the DICOM header says Columns " + expectedWidth + ", Rows " + expectedHeight
          + ", Samples per Pixel " + expectedComponents);
    }
    long samples;
    try {
      samples = Math.multiplyExact(Math.multiplyExact(width, height), components);
    } catch (ArithmeticException e) {
      samples = Long.MAX_VALUE;
    }
    if (samples > maxSamples) {
      throw new CodecException(
          codec,
          offset,
          "declared size " + declared + " = "
              + (samples == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(samples))
              + " samples exceeds limit " + maxSamples);
    }
  }
}
