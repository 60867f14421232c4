package dev.lightbox.dicom.codec.jpegls;

import java.util.Arrays;

/**
 * The decoded image's pixel-interleaved samples, grown line by line as scan data is actually
 * decoded instead of allocated for the declared size up front.
 *
 * <p>JPEG-LS run mode codes up to 2^15 samples per bit (T.87 §A.7.1.2, J[31] = 15), so no lower
 * bound on the entropy bytes can keep a short stream from declaring a huge image. Growing with
 * the decoded lines means a corrupt or truncated stream fails after allocating roughly what its
 * data really covered, not what its header claimed. Capacity doubles and never exceeds the
 * declared size, so a complete image ends in an array of exactly that size.
 */
final class SampleBuffer {
  /** First allocation: 64 Ki samples (256 KiB), or the whole image when smaller. */
  private static final int INITIAL_SAMPLES = 1 << 16;

  private final int lineSamples;
  private final int total;
  private int[] samples;

  /**
   * @param lineSamples samples of one image line over all components (width × components)
   * @param total samples of the whole image
   */
  SampleBuffer(int lineSamples, int total) {
    this.lineSamples = lineSamples;
    this.total = total;
    this.samples = new int[Math.min(total, Math.max(INITIAL_SAMPLES, lineSamples))];
  }

  /** The backing array, able to hold at least the first {@code lines} image lines. */
  int[] forLines(int lines) {
    long needed = (long) lines * lineSamples;
    if (needed > samples.length) {
      long grown = Math.max(needed, 2L * samples.length);
      samples = Arrays.copyOf(samples, (int) Math.min(grown, total));
    }
    return samples;
  }

  /** The complete image; every line has been decoded. */
  int[] complete() {
    return forLines(total / lineSamples);
  }
}
