package dev.lightbox.dicom.codec;

/**
 * Ceilings a decoder checks against the stream's declared dimensions before allocating anything,
 * so a 20-byte stream cannot ask for gigabytes (decompression bombs).
 *
 * @param maxSamples most samples (width × height × components) one decoded frame may hold
 */
public record DecodeLimits(long maxSamples) {
  /** 2^28 samples: a 16384×16384 grey frame (1 GiB as int[]). */
  public static final DecodeLimits DEFAULT = new DecodeLimits(1L << 28);

  public void check(String codec, long offset, long width, long height, long components)
      throws CodecException {
    long samples = width * height * components;
    if (width <= 0 || height <= 0 || components <= 0) {
      throw new CodecException(
          codec, offset, "invalid dimensions " + width + "x" + height + "x" + components);
    }
    if (samples > maxSamples) {
      throw new CodecException(
          codec,
          offset,
          "declared size " + width + "x" + height + "x" + components + " = " + samples
              + " samples exceeds limit " + maxSamples);
    }
  }
}
