package dev.lightbox.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-made streams: each names the rule of ITU-T T.87 (or the DICOM restriction) it breaks. */
class JpegLsMalformedStreamTest {
  private static CodecException rejects(byte[] stream) {
    return assertThrows(CodecException.class,
        () -> JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT));
  }

  private static void assertMessage(CodecException e, String part) {
    assertTrue(e.getMessage().contains(part), "message: " + e.getMessage());
  }

  @Test
  void rejectsHugeDeclaredSizeBeforeAllocating() {
    byte[] s = new JlsBytes().soi().sof55(16, 65535, 65535, 3).sos(0, 2, 1, 2, 3)
        .bytes(0, 0, 0, 0).eoi().build();
    CodecException e = rejects(s);
    assertMessage(e, "65535x65535x3");
    assertMessage(e, "exceeds limit");
  }

  @Test
  void rejectsADeclaredHeightTheDataCannotHoldBeforeAllocating() {
    // 16384 x 16384 fits DecodeLimits.DEFAULT (2^28 samples), but each line costs at least one
    // bit, so 2048 bytes of scan data are needed and 4 are present.
    byte[] s = new JlsBytes().soi().sof55(8, 16384, 16384, 1).sos(0, 0, 1)
        .bytes(0, 0, 0, 0).eoi().build();
    assertMessage(rejects(s), "declared height 16384 needs at least 2048 bytes");
  }

  @Test
  void honoursACallerLimit() {
    RegressionStreams.Stream s = RegressionStreams.named("gray8_ll");
    CodecException e = assertThrows(CodecException.class,
        () -> JpegLsDecoder.decode(s.jls(), 0, s.jls().length, new DecodeLimits(100)));
    assertMessage(e, "24x20x1 = 480 samples exceeds limit 100");
  }

  @Test
  void rejectsZeroWidth() {
    assertMessage(rejects(new JlsBytes().soi().sof55(8, 4, 0, 1).sos(0, 0, 1).bytes(0, 0)
        .eoi().build()), "invalid dimensions 0x4x1");
  }

  @Test
  void rejectsScanBeforeFrameHeader() {
    assertMessage(rejects(new JlsBytes().soi().sos(0, 0, 1).eoi().build()), "SOS before SOF55");
  }

  @Test
  void rejectsMissingStartOfImage() {
    CodecException e = rejects(new JlsBytes().sof55(8, 1, 1, 1).eoi().build());
    assertMessage(e, "SOI");
    assertEquals(0, e.offset());
  }

  @Test
  void rejectsNearAboveHalfMaxval() {
    // 8-bit: NEAR may be at most min(255, 255 / 2) = 127 (T.87 §C.2.3).
    assertMessage(rejects(new JlsBytes().soi().sof55(8, 2, 2, 1).sos(128, 0, 1).bytes(0, 0)
        .eoi().build()), "NEAR 128");
  }

  @Test
  void rejectsBaselineJpegFrames() {
    assertMessage(rejects(new JlsBytes().soi().segment(0xC0, 8, 0, 1, 0, 1, 1, 1, 0x11, 0)
        .eoi().build()), "not JPEG-LS");
  }

  @Test
  void rejectsMappingTables() {
    assertMessage(rejects(new JlsBytes().soi().sof55(8, 1, 1, 1)
        .segment(0xF8, 2, 1, 1, 0, 1, 2, 3).eoi().build()), "mapping tables");
  }

  @Test
  void rejectsColourTransform() {
    assertMessage(rejects(new JlsBytes().soi().segment(0xE8, 'm', 'r', 'f', 'x', 1)
        .sof55(8, 1, 1, 3).eoi().build()), "HP colour transform 1");
  }

  @Test
  void rejectsSubsampledComponents() {
    assertMessage(rejects(new JlsBytes().soi().segment(0xF7, 8, 0, 2, 0, 2, 2, 1, 0x21, 0, 2,
        0x11, 0).eoi().build()), "sampling factors");
  }

  @Test
  void rejectsSegmentLengthBeyondTheStream() {
    byte[] s = new JlsBytes().soi().bytes(0xFF, 0xFE, 0x10, 0x00, 1, 2, 3).build();
    CodecException e = rejects(s);
    assertMessage(e, "exceeds remaining 5");
    assertEquals(2, e.offset());
  }

  @Test
  void rejectsComponentWithoutScan() {
    RegressionStreams.Stream s = RegressionStreams.named("rgb8_ilv0");
    // Cut after the first of three scans and append EOI: two components are never coded.
    int secondScan = indexOf(s.jls(), 0xFF, 0xDA, indexOf(s.jls(), 0xFF, 0xDA, 0) + 2);
    byte[] cut = new JlsBytes().bytes(Arrays.copyOf(s.jls(), secondScan)).eoi().build();
    assertMessage(rejects(cut), "has no scan before EOI");
  }

  @Test
  void rejectsTruncatedEntropyData() {
    RegressionStreams.Stream s = RegressionStreams.named("gray16_ll");
    byte[] cut = Arrays.copyOf(s.jls(), s.jls().length / 2);
    CodecException e = rejects(cut);
    assertTrue(e.offset() <= cut.length, "offset " + e.offset() + " within " + cut.length);
  }

  @Test
  void toleratesFillBytesBeforeMarkersAndTrailingPadding() throws Exception {
    RegressionStreams.Stream s = RegressionStreams.named("gray8_ll");
    byte[] j = s.jls();
    byte[] padded = new JlsBytes().bytes(0xFF).bytes(Arrays.copyOf(j, j.length - 2))
        .bytes(0xFF, 0xFF, 0xD9, 0x00).build();
    DecodedImage image = JpegLsDecoder.decode(padded, 0, padded.length, DecodeLimits.DEFAULT);
    assertArrayEquals(s.reference(), image.samples());
  }

  @Test
  void skipsCommentsAndApplicationSegments() throws Exception {
    RegressionStreams.Stream s = RegressionStreams.named("rgb8_ilv1");
    byte[] j = s.jls();
    byte[] withExtras = new JlsBytes().bytes(Arrays.copyOf(j, 2))
        .segment(0xFE, 'h', 'i').segment(0xE8, 'm', 'r', 'f', 'x', 0).segment(0xE0, 1, 2, 3)
        .bytes(Arrays.copyOfRange(j, 2, j.length)).build();
    DecodedImage image =
        JpegLsDecoder.decode(withExtras, 0, withExtras.length, DecodeLimits.DEFAULT);
    assertArrayEquals(s.reference(), image.samples());
  }

  @Test
  void decodesAHandEncodedOnePixelImage() throws Exception {
    // One 8-bit sample of value 100, encoded by hand from T.87 Annex A: all neighbours are 0, so
    // run mode; bit '0' ends the run with J[0] = 0 length bits. The interruption sample has
    // RItype 1 (Ra = Rb), Px = Ra = 0, Errval 100, A[366] = 4, N = 1 so k = 2, map 0 and
    // EMErrval = 2 * 100 - 1 = 199. 199 >> 2 = 49 exceeds LIMIT - J - 1 - qbpp - 1 = 22, so the
    // escape code: 22 zeros, a one, then 198 in 8 bits. Bits: 0, 22 x 0, 1, 11000110.
    byte[] s = new JlsBytes().soi().sof55(8, 1, 1, 1).sos(0, 0, 1).bytes(0x00, 0x00, 0x01, 0xC6)
        .eoi().build();
    DecodedImage image = JpegLsDecoder.decode(s, 0, s.length, DecodeLimits.DEFAULT);
    assertArrayEquals(new int[] {100}, image.samples());
  }

  @Test
  void rejectsAllZeroEntropyData() {
    // Zero bits never end a Golomb prefix: the decoder must fail, not read past the data.
    assertMessage(rejects(new JlsBytes().soi().sof55(8, 1, 1, 1).sos(0, 0, 1).bytes(0x00, 0x00)
        .eoi().build()), "exceeds the limit");
  }

  @Test
  void takesDimensionsFromAnOversizeLseSegment() throws Exception {
    // T.87 §C.2.4.1.4: SOF dimensions 0, LSE type 4 with Wxy = 2 gives height 20, width 24.
    RegressionStreams.Stream s = RegressionStreams.named("gray8_ll");
    byte[] stream = withOversizeSegment(s.jls(), 0, 20, 0, 24);
    DecodedImage image = JpegLsDecoder.decode(stream, 0, stream.length, DecodeLimits.DEFAULT);
    assertEquals(24, image.width());
    assertArrayEquals(s.reference(), image.samples());
  }

  @Test
  void checksOversizeDimensionsAgainstTheLimits() {
    RegressionStreams.Stream s = RegressionStreams.named("gray8_ll");
    byte[] stream = withOversizeSegment(s.jls(), 0xFF, 0xFF, 0xFF, 0xFF);
    assertMessage(rejects(stream), "65535x65535x1");
  }

  /** Zeroes the SOF55 dimensions of {@code jls} and inserts an LSE type 4 segment after it. */
  private static byte[] withOversizeSegment(byte[] jls, int h1, int h0, int w1, int w0) {
    int sof = indexOf(jls, 0xFF, 0xF7, 0);
    int sofEnd = sof + 2 + ((jls[sof + 2] & 0xFF) << 8 | (jls[sof + 3] & 0xFF));
    byte[] head = Arrays.copyOf(jls, sofEnd);
    for (int i = 5; i <= 8; i++) {
      head[sof + i] = 0;
    }
    return new JlsBytes().bytes(head).segment(0xF8, 4, 2, h1, h0, w1, w0)
        .bytes(Arrays.copyOfRange(jls, sofEnd, jls.length)).build();
  }

  @Test
  void rejectsInvalidRangeArguments() {
    assertThrows(CodecException.class,
        () -> JpegLsDecoder.decode(new byte[4], 3, 2, DecodeLimits.DEFAULT));
    assertThrows(CodecException.class,
        () -> JpegLsDecoder.decode(new byte[4], -1, 2, DecodeLimits.DEFAULT));
  }

  private static int indexOf(byte[] data, int b0, int b1, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if ((data[i] & 0xFF) == b0 && (data[i + 1] & 0xFF) == b1) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }
}
