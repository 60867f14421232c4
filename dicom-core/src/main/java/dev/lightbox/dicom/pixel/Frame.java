package dev.lightbox.dicom.pixel;

/**
 * One decoded frame: stored pixel values after masking to Bits Stored and sign extension, before
 * any Modality or VOI transform. Samples are pixel-interleaved ({@code samples[(y * width + x) *
 * samplesPerPixel + c]}) regardless of the Planar Configuration in the file. Colour frames are
 * still in the photometric interpretation of {@link #photometric()}.
 *
 * @param floats float pixel data values, or null for integer data (then {@code samples} is used)
 * @param warnings what the codec tolerated to decode this frame exactly (empty when nothing)
 */
public record Frame(int width, int height, int samplesPerPixel, String photometric, int[] samples,
    float[] floats, int bitsStored, boolean signed, java.util.List<String> warnings) {

  public Frame(int width, int height, int samplesPerPixel, String photometric, int[] samples,
      float[] floats, int bitsStored, boolean signed) {
    this(width, height, samplesPerPixel, photometric, samples, floats, bitsStored, signed,
        java.util.List.of());
  }

  public Frame {
    warnings = java.util.List.copyOf(warnings);
  }

  public boolean floatingPoint() {
    return floats != null;
  }

  /** True when samples are 32-bit unsigned: read them with {@code Integer.toUnsignedLong}. */
  public boolean unsigned32() {
    return floats == null && !signed && bitsStored >= 32;
  }

  public int pixelCount() {
    return width * height;
  }
}
