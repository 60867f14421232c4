package dev.lightbox.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 7: each leniency that can hide a wrong image is an error or a reported warning,
 * decided against IJG libjpeg (which dcmtk uses): it warns and decodes on non-sequential Ss/Se/
 * Ah/Al and on extraneous bytes before a marker, accepts the all-ones Huffman code, and (in
 * libjpeg-turbo) stops on DC values that overflow.
 */
class JpegLeniencyTest {

  private static DecodedImage decode(byte[] b) throws CodecException {
    return JpegDctDecoder.decode(b, 0, b.length, DecodeLimits.DEFAULT);
  }

  /** 8×8 grey, quantisation 1, one-bit DC code '0' for {@code dcCategory}, AC '0' = EOB. */
  private static JpegBytes header(int dcCategory) {
    return JpegBytes.soi().dqt(0, 1).sof(0, 8, 8, 8, 1, 0x11, 0)
        .dhtOneCode(0, 0, dcCategory).dhtOneCode(1, 0, 0x00);
  }

  @Test
  void aConformingStreamHasNoWarnings() throws CodecException {
    assertEquals(List.of(), decode(header(0).sos(1).raw(0x3F).eoi().build()).warnings());
  }

  @Test
  void nonSequentialScanParametersAreReported() throws CodecException {
    // SOS with Se = 0 (as the corpus's JPEG-lossy.dcm has): decoded as sequential, reported.
    byte[] b = header(0).segment(0xDA, 1, 1, 0x00, 0, 0, 0).raw(0x3F).eoi().build();
    DecodedImage image = decode(b);
    assertEquals(64, image.samples().length);
    assertEquals(1, image.warnings().size(), image.warnings().toString());
    assertTrue(image.warnings().get(0).contains("Ss=0 Se=0 Ah=0 Al=0"), image.warnings().get(0));
  }

  @Test
  void entropyDataLeftAfterTheLastBlockIsReported() throws CodecException {
    byte[] b = header(0).sos(1).raw(0x3F, 0x12, 0x34, 0x56, 0x78, 0x1A).eoi().build();
    DecodedImage image = decode(b);
    assertEquals(1, image.warnings().size(), image.warnings().toString());
    assertTrue(image.warnings().get(0).contains("5 bytes of entropy-coded data after the last "
        + "block"), image.warnings().get(0));
  }

  @Test
  void bytesOutsideSegmentsAreReported() throws CodecException {
    byte[] b = header(0).raw(0x00, 0x11).sos(1).raw(0x3F).eoi().build();
    assertTrue(decode(b).warnings().stream().anyMatch(w -> w.contains("2 bytes outside any "
        + "segment")), decode(b).warnings().toString());
  }

  @Test
  void theReservedAllOnesHuffmanCodeIsReported() throws CodecException {
    // DC table with codes '0' (category 0) and '1' (category 1): '1' is the all-ones code.
    byte[] b = JpegBytes.soi().dqt(0, 1).sof(0, 8, 8, 8, 1, 0x11, 0)
        .segment(0xC4, 0x00, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
        .dhtOneCode(1, 0, 0x00).sos(1).raw(0x3F).eoi().build();
    assertTrue(decode(b).warnings().stream().anyMatch(w -> w.contains("all-ones code")),
        decode(b).warnings().toString());
  }

  @Test
  void aDcCoefficientNoImageCanHaveIsAnError() {
    // Category 11, difference +2047 (eleven 1 bits), EOB: with quantisation 1 the DC is 2047,
    // but an 8-bit block's DC lies within ±1024 (T.81 §A.3.3). Bits 0 11111111111 0 + padding.
    byte[] b = header(11).sos(1).raw(0x7F, 0xF7).eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("DC coefficient 2047 of component 1 outside ±1025"),
        e.getMessage());
  }
}
