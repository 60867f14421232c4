package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.testing.Allocation;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 18 items 1, 3 and 5 for the JPEG-LS decoder, with hand-made reproducing inputs. */
class JpegLsIssue18Test {

  private static CodecException rejects(byte[] stream) {
    return assertThrows(CodecException.class,
        () -> JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
  }

  @Test
  void scanDataLeftUnreadIsAnErrorNotAnImage() {
    // A complete lossless scan followed by 32 bytes the decoder never needs: before the fix the
    // scan "decoded" and the bytes were skipped, which is how wrong thresholds went unnoticed.
    RegressionStreams.Stream s = RegressionStreams.named("gray8_ll");
    byte[] j = s.jls();
    byte[] junk = new byte[32];
    new Random(18).nextBytes(junk);
    for (int i = 0; i < junk.length; i++) {
      junk[i] &= 0x7F; // no 0xFF: stays entropy-coded data, not a marker
    }
    byte[] stream = new JlsBytes().bytes(Arrays.copyOf(j, j.length - 2)).bytes(junk)
        .bytes(0xFF, 0xD9).build();
    CodecException e = rejects(stream);
    assertTrue(e.getMessage().contains("scan not consumed: "), e.getMessage());
    assertTrue(e.offset() == j.length - 2 + junk.length, "offset " + e.offset());
  }

  @Test
  void byteAlignmentPaddingIsStillAccepted() throws Exception {
    RegressionStreams.Stream s = RegressionStreams.named("gray8_ll");
    byte[] j = s.jls();
    byte[] stream = new JlsBytes().bytes(Arrays.copyOf(j, j.length - 2)).bytes(0x00)
        .bytes(0xFF, 0xD9).build();
    assertArrayEquals(s.reference(),
        JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT).samples());
  }

  @Test
  void aShortStreamDeclaringAHugeImageAllocatesOnlyForTheLinesItDecodes() {
    // 2.7 KB of scan data for 16384 x 8192: above the height/8 lower bound (run mode may code
    // 2^15 samples per bit), so only growing with the decoded lines keeps memory small. Before
    // the fix the 512 MiB sample array was allocated first.
    byte[] data = new byte[2700];
    new Random(3).nextBytes(data);
    for (int i = 0; i < data.length; i++) {
      if (data[i] == (byte) 0xFF) {
        data[i] = 0x7F;
      }
    }
    byte[] stream = new JlsBytes().soi().sof55(8, 8192, 16384, 1).sos(0, 0, 1).bytes(data)
        .eoi().build();
    rejects(stream);
    long allocated = Allocation.bytesAllocatedBy(
        () -> JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
    assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void oversizeDimensionsThatOverflowAreRefusedWithATypedError() {
    // LSE type 4 with 32-bit width and height (T.87 §C.2.4.1.4): before the fix the product
    // wrapped and a NegativeArraySizeException escaped the codec contract.
    byte[] stream = new JlsBytes().soi().sof55(8, 0, 0, 4)
        .segment(0xF8, 4, 4, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
        .sos(0, 2, 1, 2, 3, 4).bytes(0, 0, 0, 0).eoi().build();
    CodecException e = rejects(stream);
    assertTrue(e.getMessage().contains("4294967295x4294967295x4"), e.getMessage());
  }
}
