package dev.lightbox.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile and corrupt codestreams end in a {@link CodecException} naming the marker segment and
 * byte offset, checked before allocation (ISO/IEC 15444-1 Annex A field ranges), never in a
 * runtime exception, an OOM or a hang.
 */
class Jpeg2000MalformedStreamTest {
  private static final DecodeLimits SMALL = new DecodeLimits(1 << 20);

  /** SOC, SIZ for one 8-bit grey component, COD (5-3, given levels), QCD, one tile, EOC. */
  static byte[] stream(long width, long height, long tileW, long tileH, int levels,
      int layers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, 0xFF4F);
    u16(out, 0xFF51);
    u16(out, 41);
    u16(out, 0);
    u32(out, width);
    u32(out, height);
    u32(out, 0);
    u32(out, 0);
    u32(out, tileW);
    u32(out, tileH);
    u32(out, 0);
    u32(out, 0);
    u16(out, 1);
    out.write(7);
    out.write(1);
    out.write(1);
    u16(out, 0xFF52);
    u16(out, 12);
    out.write(0);
    out.write(0);
    u16(out, layers);
    out.write(0);
    out.write(levels);
    out.write(4);
    out.write(4);
    out.write(0);
    out.write(1);
    u16(out, 0xFF5C);
    u16(out, 4 + 3 * levels);
    out.write(0x40);
    for (int i = 0; i < 1 + 3 * levels; i++) {
      out.write(9 << 3);
    }
    u16(out, 0xFF90);
    u16(out, 10);
    u16(out, 0);
    u32(out, 14 + 1);
    out.write(0);
    out.write(1);
    u16(out, 0xFF93);
    out.write(0);
    u16(out, 0xFFD9);
    return out.toByteArray();
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >> 8);
    out.write(v);
  }

  private static void u32(ByteArrayOutputStream out, long v) {
    u16(out, (int) (v >>> 16));
    u16(out, (int) v);
  }

  private static CodecException refused(byte[] s, DecodeLimits limits) {
    return assertThrows(CodecException.class,
        () -> Jpeg2000Decoder.decode(s, 0, s.length, limits));
  }

  @Test
  void emptyPacketsDecodeToMidGrey() throws Exception {
    byte[] s = stream(16, 8, 16, 8, 2, 1);
    DecodedImage img = Jpeg2000Decoder.decode(s, 0, s.length, SMALL);
    assertEquals(16, img.width());
    assertEquals(128, img.samples()[0], "no coefficients: the DC level shift alone");
  }

  @Test
  void refusesADeclaredImageAboveTheSampleLimitBeforeAllocating() {
    CodecException e = refused(stream(60000, 60000, 60000, 60000, 2, 1), SMALL);
    assertTrue(e.getMessage().contains("exceeds limit"), e.getMessage());
    assertEquals(2, e.offset(), "the SIZ marker follows SOC");
  }

  @Test
  void refusesMoreTilesThanTheLimit() {
    CodecException e = refused(stream(1000, 1000, 1, 1, 0, 1), SMALL);
    assertTrue(e.getMessage().contains("SIZ: 1000000 tiles exceed the limit"), e.getMessage());
  }

  @Test
  void refusesMoreCodeBlocksThanTheLimit() {
    Jpeg2000Limits tight = new Jpeg2000Limits(SMALL, 16, 4, 100, 1_000_000_000L);
    byte[] s = stream(1024, 1024, 1024, 1024, 1, 1);
    CodecException e = assertThrows(CodecException.class,
        () -> Jpeg2000Decoder.decode(s, 0, s.length, tight, 0));
    assertTrue(e.getMessage().contains("COD/COC") && e.getMessage().contains("limit"),
        e.getMessage());
  }

  @Test
  void refusesMoreThan32DecompositionLevels() {
    CodecException e = refused(stream(16, 16, 16, 16, 33, 1), SMALL);
    assertTrue(e.getMessage().contains("COD: 33 decomposition levels"), e.getMessage());
  }

  @Test
  void refusesAStreamWithoutSoc() {
    byte[] s = {0, 0, 0, 0};
    CodecException e = refused(s, SMALL);
    assertTrue(e.getMessage().contains("SOC"), e.getMessage());
  }

  @Test
  void refusesReducingBelowTheLowestResolution() {
    byte[] s = stream(16, 16, 16, 16, 2, 1);
    CodecException e = assertThrows(CodecException.class, () -> Jpeg2000Decoder.decode(s, 0,
        s.length, Jpeg2000Limits.of(SMALL), 3));
    assertTrue(e.getMessage().contains("cannot reduce by 3"), e.getMessage());
  }

  /** {@link #stream} with the image region starting at column {@code x0} and XRsiz {@code dx}. */
  private static byte[] offsetAndSubsampled(long width, long height, int levels, int x0, int dx) {
    byte[] s = stream(width, height, width, height, levels, 1);
    s[19] = (byte) x0; // XOsiz (bytes 16-19)
    s[43] = (byte) dx; // XRsiz of component 0
    return s;
  }

  @Test
  void refusesAComponentWhoseSubsamplingLeavesItNoSamples() {
    // Jazzer finding: columns 7..15 with XRsiz 65 give ceil(16/65) - ceil(7/65) = 0 columns
    // (B-5); the interleaving used to fail with ArrayIndexOutOfBoundsException.
    CodecException e = refused(offsetAndSubsampled(16, 12, 1, 7, 65), SMALL);
    assertEquals("JPEG 2000: SIZ: component 0 has no samples: subsampling 65x1 over the image "
        + "region (7,0)-(16,12) @ stream offset 4", e.getMessage());
    assertEquals(4, e.offset(), "Lsiz, where SIZ's other errors point too");
  }

  @Test
  void refusesAReductionThatLeavesAComponentNoSamples() throws Exception {
    // One column, 7..7: ceil(8/2) - ceil(7/2) = 0 columns at half resolution (§B.5).
    byte[] s = offsetAndSubsampled(8, 8, 1, 7, 1);
    assertEquals(1, Jpeg2000Decoder.decode(s, 0, s.length, SMALL).width(), "full resolution");
    CodecException e = assertThrows(CodecException.class, () -> Jpeg2000Decoder.decode(s, 0,
        s.length, Jpeg2000Limits.of(SMALL), 1));
    assertEquals("JPEG 2000: SIZ: cannot reduce by 1 levels: component 0 would have 0x4 samples "
        + "@ stream offset 2", e.getMessage());
  }

  @Test
  void aTinyTimeBudgetEndsTheDecodeWithATypedError() throws Exception {
    GeneratedJ2k.requirePresent();
    byte[] s = Files.readAllBytes(GeneratedJ2k.dir().resolve("enc/gray16.layers.j2k"));
    Jpeg2000Limits instant = new Jpeg2000Limits(DecodeLimits.DEFAULT, 16, 4, 1 << 20, 1);
    CodecException e = assertThrows(CodecException.class,
        () -> Jpeg2000Decoder.decode(s, 0, s.length, instant, 0));
    assertTrue(e.getMessage().contains("time budget"), e.getMessage());
  }

  /** 150 truncations and 200 seeded byte corruptions of each of four real codestreams. */
  @Test
  void truncatedAndCorruptedStreamsDecodeOrRefuseWithATypedError() throws Exception {
    GeneratedJ2k.requirePresent();
    Random random = new Random(17);
    for (String name : new String[] {"enc/gray8_odd.allstyles.j2k", "enc/rgb8.irrev_tiles.j2k",
        "enc/gray12.sop_eph.j2k", "enc/gray8.ht_rev_b32.j2c"}) {
      byte[] original = Files.readAllBytes(GeneratedJ2k.dir().resolve(name));
      for (int cut = 0; cut < original.length; cut += Math.max(1, original.length / 150)) {
        decodeOrRefuse(java.util.Arrays.copyOf(original, cut));
      }
      for (int i = 0; i < 200; i++) {
        byte[] s = original.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          s[random.nextInt(s.length)] = (byte) random.nextInt(256);
        }
        decodeOrRefuse(s);
      }
    }
  }

  private static void decodeOrRefuse(byte[] s) {
    try {
      Jpeg2000Decoder.decode(s, 0, s.length, Jpeg2000Limits.of(new DecodeLimits(1 << 17)), 0);
    } catch (CodecException expected) {
      assertTrue(expected.getMessage().startsWith("JPEG 2000: "), expected.getMessage());
    }
  }
}
