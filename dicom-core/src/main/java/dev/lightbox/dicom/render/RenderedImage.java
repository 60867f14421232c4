package dev.lightbox.dicom.render;

/**
 * Display-ready pixels: {@code channels} 1 (grey) or 3 (RGB), {@code bitDepth} 8 (in {@code
 * bytes}) or 16 (in {@code shorts}, grey only), row-major, interleaved.
 *
 * @param windowUsed the VOI window applied to a grayscale image, or null (colour, LUT)
 * @param warnings what the decoder tolerated to produce this image (e.g. a JPEG-LS stream coded
 *     with CharLS 1.x thresholds, a JPEG scan with extraneous data); empty when nothing
 */
public record RenderedImage(int width, int height, int channels, int bitDepth, byte[] bytes,
    short[] shorts, Window windowUsed, java.util.List<String> warnings) {

  public RenderedImage(int width, int height, int channels, int bitDepth, byte[] bytes,
      short[] shorts, Window windowUsed) {
    this(width, height, channels, bitDepth, bytes, shorts, windowUsed, java.util.List.of());
  }

  public RenderedImage {
    warnings = java.util.List.copyOf(warnings);
  }

  /** This image with {@code more} warnings appended. */
  public RenderedImage withWarnings(java.util.List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    java.util.List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new RenderedImage(width, height, channels, bitDepth, bytes, shorts, windowUsed, all);
  }
}
