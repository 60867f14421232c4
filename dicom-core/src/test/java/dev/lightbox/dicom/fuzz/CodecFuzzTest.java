package dev.lightbox.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpeg.JpegDctDecoder;
import dev.lightbox.dicom.codec.jpeg.JpegLosslessDecoder;
import dev.lightbox.dicom.codec.jpegls.JpegLsDecoder;
import dev.lightbox.dicom.codec.rle.RleDecoder;

/**
 * Fuzz targets for the decoders we wrote (PS3.5 Annex G RLE, ITU-T T.81 DCT and lossless,
 * ITU-T T.87 JPEG-LS):
 * any byte string decodes to an image of consistent size or raises one {@link CodecException}.
 * The limit is small so that a fuzzed header cannot make a single run allocate much, and each
 * input's allocation is capped (four int[] images of the limit: output, growth copy, planes).
 */
class CodecFuzzTest {
  private static final DecodeLimits LIMITS = new DecodeLimits(1 << 22);
  private static final long CAP_BYTES = 4 * 4 * LIMITS.maxSamples() + (8 << 20);

  @FuzzTest(maxDuration = "2m")
  void jpegLs(byte[] input) {
    AllocationCap cap = AllocationCap.start(CAP_BYTES);
    try {
      check(JpegLsDecoder.decode(input, 0, input.length, LIMITS));
    } catch (CodecException expected) {
      // refused with a typed error: the contract
    }
    cap.check(input.length);
  }

  @FuzzTest(maxDuration = "2m")
  void jpegDct(byte[] input) {
    AllocationCap cap = AllocationCap.start(CAP_BYTES);
    try {
      check(JpegDctDecoder.decode(input, 0, input.length, LIMITS));
    } catch (CodecException expected) {
      // refused with a typed error: the contract
    }
    cap.check(input.length);
  }

  @FuzzTest(maxDuration = "2m")
  void jpegLossless(byte[] input) {
    AllocationCap cap = AllocationCap.start(CAP_BYTES);
    try {
      check(JpegLosslessDecoder.decode(input, 0, input.length, LIMITS));
    } catch (CodecException expected) {
      // refused with a typed error: the contract
    }
    cap.check(input.length);
  }

  /** The first 4 bytes choose the geometry so one corpus covers every RLE layout. */
  @FuzzTest(maxDuration = "2m")
  void rle(byte[] input) {
    if (input.length < 4) {
      return;
    }
    int rows = 1 + (input[0] & 0x3F);
    int cols = 1 + (input[1] & 0x3F);
    int spp = (input[2] & 1) == 0 ? 1 : 3;
    int bits = new int[] {8, 16, 32, 8}[input[3] & 3];
    AllocationCap cap = AllocationCap.start(CAP_BYTES);
    try {
      check(RleDecoder.decode(input, 4, input.length - 4, rows, cols, spp, bits, LIMITS));
    } catch (CodecException expected) {
      // refused with a typed error: the contract
    }
    cap.check(input.length);
  }

  private static void check(DecodedImage img) {
    long n = (long) img.width() * img.height() * img.components();
    if (n != img.samples().length || n > LIMITS.maxSamples()) {
      throw new AssertionError("inconsistent image " + img.width() + "x" + img.height() + "x"
          + img.components() + " with " + img.samples().length + " samples");
    }
  }
}
