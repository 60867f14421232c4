package dev.lightbox.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Decoder;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Limits;

/**
 * Fuzz targets for the JPEG 2000 decoder (ISO/IEC 15444-1) and its HTJ2K block decoder
 * (ISO/IEC 15444-15), seeded with small codestreams from opj_compress and ojph_compress: any
 * byte string decodes to an image of consistent size or raises one {@link CodecException}.
 * Small limits and a 2 s budget keep each run cheap.
 */
class Jpeg2000FuzzTest {
  private static final Jpeg2000Limits LIMITS = new Jpeg2000Limits(new DecodeLimits(1 << 20),
      1024, 64, 1 << 16, 2_000_000_000L);

  @FuzzTest(maxDuration = "3m")
  void jpeg2000(byte[] input) {
    decode(input, 0);
    decode(input, 1);
  }

  @FuzzTest(maxDuration = "3m")
  void htj2k(byte[] input) {
    decode(input, 0);
  }

  private static void decode(byte[] input, int reduce) {
    try {
      DecodedImage img = Jpeg2000Decoder.decode(input, 0, input.length, LIMITS, reduce);
      long n = (long) img.width() * img.height() * img.components();
      if (n != img.samples().length || n > LIMITS.samples().maxSamples()) {
        throw new AssertionError("inconsistent image " + img.width() + "x" + img.height() + "x"
            + img.components());
      }
    } catch (CodecException expected) {
      // refused with a typed error: the contract
    }
  }
}
