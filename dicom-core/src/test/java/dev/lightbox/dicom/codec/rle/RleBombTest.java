package dev.lightbox.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.testing.Allocation;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 2: a 662-byte RLE frame declaring 16384×8192 made the decoder allocate the
 * 640 MB output before noticing its one segment could never fill it.
 */
class RleBombTest {
  private static final int ROWS = 8192;
  private static final int COLUMNS = 16384;

  /** The reproducing input: a 64-byte header and one 598-byte segment of replicate runs. */
  private static byte[] bomb() {
    byte[] segment = new byte[598];
    for (int i = 0; i < segment.length; i += 2) {
      segment[i] = (byte) -127; // replicate the next byte 128 times
    }
    return RleDecoderTest.frame(segment);
  }

  @Test
  void segmentsTooShortForTheDeclaredPlaneAreRefusedBeforeAllocation() {
    byte[] frame = bomb();
    CodecException e = assertThrows(CodecException.class, () -> RleDecoder.decode(frame, 0,
        frame.length, ROWS, COLUMNS, 1, 8, DecodeLimits.DEFAULT));
    assertTrue(e.getMessage().contains("segment 1 of 598 bytes cannot fill a plane of 134217728 "
        + "bytes (PackBits needs at least 2097152)"), e.getMessage());
    assertTrue(e.getMessage().contains("@ stream offset 4"), e.getMessage());
    long allocated = Allocation.bytesAllocatedBy(() -> RleDecoder.decode(frame, 0, frame.length,
        ROWS, COLUMNS, 1, 8, DecodeLimits.DEFAULT));
    assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void theShortestPossibleSegmentsStillDecode() throws CodecException {
    // 300 pixels need ⌈300/128⌉ = 3 replicate runs of 2 bytes: exactly the minimum.
    byte[] frame = RleDecoderTest.frame(RleDecoderTest.bytes(-127, 5, -127, 5, -43, 5));
    int[] expected = new int[300];
    java.util.Arrays.fill(expected, 5);
    assertArrayEquals(expected,
        RleDecoder.decode(frame, 0, frame.length, 3, 100, 1, 8, DecodeLimits.DEFAULT).samples());
  }
}
