package dev.lightbox.dicom.codec;

/**
 * Samples produced by a compressed-stream decoder, before any DICOM interpretation (no sign
 * extension, no colour conversion, no rescale).
 *
 * <p>Layout is pixel-interleaved: sample {@code c} of pixel (x, y) is {@code samples[(y * width + x)
 * * components + c]}. Values are the unsigned integers the stream encodes, {@code 0 ..
 * 2^precision - 1}.
 *
 * @param width columns
 * @param height rows
 * @param components samples per pixel (1 or 3 in DICOM)
 * @param precision bits per sample as the stream declares them
 * @param samples interleaved sample values
 * @param warnings what the decoder tolerated to produce exact samples (e.g. a stream coded with
 *     a known encoder's non-standard defaults); empty for a fully conforming stream
 */
public record DecodedImage(int width, int height, int components, int precision, int[] samples,
    java.util.List<String> warnings) {
  public DecodedImage(int width, int height, int components, int precision, int[] samples) {
    this(width, height, components, precision, samples, java.util.List.of());
  }

  public DecodedImage {
    warnings = java.util.List.copyOf(warnings);
    if ((long) width * height * components != samples.length) {
      throw new IllegalArgumentException(
          "samples length " + samples.length + " != " + width + "x" + height + "x" + components);
    }
  }

  public int sample(int x, int y, int component) {
    return samples[(y * width + x) * components + component];
  }
}
