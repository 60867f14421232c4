package dev.lightbox.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-made streams (T.81 Annex B) and seeded corruptions: only success or CodecException. */
class JpegDctDecoderRobustnessTest {
  private static final String[] SEEDS = {
    "extended12_71x45.jpg", "baseline_h2v2_restart_51x35.jpg",
    "baseline_noninterleaved_restart_51x35.jpg"
  };

  static byte[] resource(String name) throws IOException {
    try (InputStream in = JpegDctDecoderRobustnessTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static DecodedImage decode(byte[] b) throws CodecException {
    return JpegDctDecoder.decode(b, 0, b.length, DecodeLimits.DEFAULT);
  }

  /** One 8×8 grey block whose DC difference and AC are all zero: two one-bit codes. */
  private static JpegBytes greyHeader(int sof, int precision, int width, int height) {
    return JpegBytes.soi().dqt(0, 1).sof(sof, precision, width, height, 1, 0x11, 0)
        .dhtOneCode(0, 0, 0).dhtOneCode(1, 0, 0x00);
  }

  @Test
  void decodesAllZeroBlocksToTheLevelShift() throws CodecException {
    // T.81 §A.3.1: samples are shifted by 2^(P-1); DC 0 and no AC give exactly that value.
    byte[] b8 = greyHeader(0, 8, 8, 8).sos(1).raw(0x3F).eoi().build();
    DecodedImage image = decode(b8);
    int[] expected = new int[64];
    Arrays.fill(expected, 128);
    assertArrayEquals(expected, image.samples());
    byte[] b12 = greyHeader(1, 12, 3, 2).sos(1).raw(0x3F).eoi().build();
    assertEquals(12, decode(b12).precision());
    assertTrue(Arrays.stream(decode(b12).samples()).allMatch(v -> v == 2048));
  }

  @Test
  void toleratesMissingEoiAfterCompleteData() throws CodecException {
    byte[] b = greyHeader(0, 8, 8, 8).sos(1).raw(0x3F).build();
    assertEquals(64, decode(b).samples().length);
  }

  @Test
  void skipsFillBytesBeforeMarkers() throws CodecException {
    byte[] b = greyHeader(0, 8, 8, 8).sos(1).raw(0x3F, 0xFF, 0xFF, 0xFF).eoi().build();
    assertEquals(64, decode(b).samples().length);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15})
  void rejectsOtherProcessesNamingTheSof(int n) {
    byte[] b = JpegBytes.soi().dqt(0, 1).sof(n, 8, 8, 8, 1, 0x11, 0).eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("SOF" + n + " "), e.getMessage());
  }

  @Test
  void rejectsTwelveBitBaseline() {
    byte[] b = greyHeader(0, 12, 8, 8).sos(1).raw(0x3F).eoi().build();
    assertThrows(CodecException.class, () -> decode(b));
  }

  @Test
  void rejectsHugeDimensionsBeforeAllocating() {
    byte[] b = greyHeader(0, 8, 65535, 65535).sos(1).raw(0x3F).eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("exceeds limit"), e.getMessage());
  }

  @Test
  void rejectsLargeImageWithTinyBodyBeforeAllocatingPlanes() {
    // 8000x8000 is under the default limit, but 1 million blocks cannot fit in one byte.
    byte[] b = greyHeader(0, 8, 8000, 8000).sos(1).raw(0x3F).eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("blocks but only"), e.getMessage());
  }

  @Test
  void rejectsStreamWithoutSos() {
    byte[] b = greyHeader(0, 8, 8, 8).eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("missing SOS"), e.getMessage());
  }

  @Test
  void rejectsMissingSoiAndSof() {
    assertThrows(CodecException.class, () -> decode(new byte[] {1, 2, 3}));
    byte[] noSof = JpegBytes.soi().dqt(0, 1).eoi().build();
    assertThrows(CodecException.class, () -> decode(noSof));
    byte[] sosFirst = JpegBytes.soi().sos(1).raw(0).eoi().build();
    assertThrows(CodecException.class, () -> decode(sosFirst));
  }

  @Test
  void rejectsHuffmanTableThatOverflowsItsCodeSpace() {
    // Three codes of length 1 cannot exist (T.81 §C: at most 2^L codes of length L).
    byte[] b = JpegBytes.soi().segment(0xC4, 0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 2, 3).build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("code space"), e.getMessage());
    byte[] shortTable = JpegBytes.soi().segment(0xC4, 0x00, 5, 0, 0).build();
    assertThrows(CodecException.class, () -> decode(shortTable));
    byte[] badClass = JpegBytes.soi().segment(0xC4, 0x25, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0).build();
    assertThrows(CodecException.class, () -> decode(badClass));
  }

  @Test
  void rejectsCodeMissingFromTheTable() {
    // Only the code '0' exists; a run of one bits matches no code.
    byte[] b = greyHeader(0, 8, 8, 8).sos(1).raw(0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00).eoi()
        .build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("invalid Huffman code"), e.getMessage());
  }

  @Test
  void rejectsScanWithUndefinedTablesOrComponents() {
    byte[] noTables = JpegBytes.soi().dqt(0, 1).sof(0, 8, 8, 8, 1, 0x11, 0).sos(1).raw(0x3F)
        .eoi().build();
    assertThrows(CodecException.class, () -> decode(noTables));
    byte[] unknownComponent = greyHeader(0, 8, 8, 8).sos(7).raw(0x3F).eoi().build();
    assertThrows(CodecException.class, () -> decode(unknownComponent));
    byte[] noQuant = JpegBytes.soi().sof(0, 8, 8, 8, 1, 0x11, 0).dhtOneCode(0, 0, 0)
        .dhtOneCode(1, 0, 0).sos(1).raw(0x3F).eoi().build();
    assertThrows(CodecException.class, () -> decode(noQuant));
  }

  @Test
  void rejectsScanRunningPastTheEnd() {
    // 49 blocks need 98 bits; 5 bytes plus the 32 bits of padding allowed are too few.
    byte[] b = greyHeader(0, 8, 56, 56).sos(1).raw(0x00, 0x00, 0x00, 0x00, 0x00).eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("ends before the scan is complete"), e.getMessage());
  }

  @Test
  void rejectsWrongRestartMarker() {
    // DRI 1: after the first MCU the decoder needs RST0; it finds RST3.
    byte[] b = greyHeader(0, 8, 16, 8).segment(0xDD, 0, 1).sos(1).raw(0x3F, 0xFF, 0xD3, 0x3F)
        .eoi().build();
    CodecException e = assertThrows(CodecException.class, () -> decode(b));
    assertTrue(e.getMessage().contains("expected RST0"), e.getMessage());
    byte[] ok = greyHeader(0, 8, 16, 8).segment(0xDD, 0, 1).sos(1).raw(0x3F, 0xFF, 0xD0, 0x3F)
        .eoi().build();
    assertDoesNotThrow(ok);
  }

  private static void assertDoesNotThrow(byte[] b) {
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> decode(b));
  }

  @Test
  void decodesTheCommittedStreams() throws IOException {
    DecodedImage twelve = decode(resource(SEEDS[0]));
    assertEquals(12, twelve.precision());
    assertEquals(71, twelve.width());
    assertEquals(45, twelve.height());
    for (String name : new String[] {SEEDS[1], SEEDS[2]}) {
      DecodedImage colour = decode(resource(name));
      assertEquals(3, colour.components());
      assertEquals(51, colour.width());
    }
  }

  /**
   * Second oracle that needs no external tool: the JDK's own JPEG reader (IJG libjpeg 6b, islow
   * IDCT, fancy upsampling) returns raw component samples from {@code readRaster}.
   */
  @Test
  void matchesTheJdkImageIoRasterForEightBitStreams() throws IOException {
    for (String name : new String[] {SEEDS[1], SEEDS[2]}) {
      byte[] b = resource(name);
      ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
      try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
        reader.setInput(in);
        Raster raster = reader.readRaster(0, null);
        int[] expected = raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(),
            (int[]) null);
        DecodedImage image = decode(b);
        int exact = 0;
        int max = 0;
        for (int i = 0; i < expected.length; i++) {
          int d = Math.abs(expected[i] - image.samples()[i]);
          exact += d == 0 ? 1 : 0;
          max = Math.max(max, d);
        }
        assertTrue(max <= 1 && exact >= 0.99 * expected.length,
            name + ": max " + max + ", exact " + exact + "/" + expected.length);
      } finally {
        reader.dispose();
      }
    }
  }

  static IntStream seeds() {
    return IntStream.range(0, 360);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void corruptStreamsFailOnlyWithCodecException(int seed) throws IOException {
    Random random = new Random(seed * 7919L + 17);
    byte[] b = resource(SEEDS[seed % SEEDS.length]);
    switch ((seed / SEEDS.length) % 4) {
      case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      case 1 -> {
        int flips = 1 + random.nextInt(6);
        for (int i = 0; i < flips; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> {
        int at = random.nextInt(b.length);
        int n = 1 + random.nextInt(64);
        for (int i = at; i < Math.min(b.length, at + n); i++) {
          b[i] = (byte) random.nextInt(256);
        }
      }
      default -> {
        // corrupt the headers, where the sizes and tables live
        int headerEnd = Math.min(b.length, 700);
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
          b[random.nextInt(headerEnd)] = (byte) random.nextInt(256);
        }
      }
    }
    byte[] corrupt = b;
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      try {
        decode(corrupt);
      } catch (CodecException expected) {
        // the only failure allowed
      }
    });
  }
}
