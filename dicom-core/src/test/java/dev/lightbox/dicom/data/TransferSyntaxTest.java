package dev.lightbox.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.pixel.PixelDecoders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferSyntaxTest {
  /**
   * Entries typed "Transfer Syntax" in the generated PS3.6 registry that are not dataset
   * encodings: MIME and XML encodings (PS3.6, retired in later editions) and a generator artefact.
   */
  private static final Set<String> NOT_ENCODINGS = Set.of(
      "1.2.840.10008.1.2.6.1", "1.2.840.10008.1.2.6.2", "1.2.840.10008.5.1.4.39.1");

  @Test
  void everyTransferSyntaxOfPs36IsRegisteredWithItsRetiredFlag() {
    List<UidEntry> ps36 = UidRegistry.standard().entries().stream()
        .filter(e -> e.type().equals("Transfer Syntax") && !NOT_ENCODINGS.contains(e.uid()))
        .toList();
    assertTrue(ps36.size() >= 44, "PS3.6 transfer syntaxes: " + ps36.size());
    for (UidEntry e : ps36) {
      TransferSyntax ts = TransferSyntax.lookup(e.uid()).orElseThrow(() ->
          new AssertionError("not registered: " + e.uid() + " " + e.name()));
      assertEquals(e.retired(), ts.retired(), e.uid());
      assertTrue(e.name().startsWith(ts.name()), e.uid() + ": " + ts.name() + " vs " + e.name());
    }
  }

  @Test
  void encodingsFollowPs35Section10() {
    TransferSyntax implicit = TransferSyntax.of("1.2.840.10008.1.2");
    assertFalse(implicit.explicitVr());
    assertFalse(implicit.bigEndian());
    assertTrue(TransferSyntax.of("1.2.840.10008.1.2.2").bigEndian());
    assertTrue(TransferSyntax.of("1.2.840.10008.1.2.1.99").deflated());
    assertTrue(TransferSyntax.of("1.2.840.10008.1.2.4.95").deflated());
    assertTrue(TransferSyntax.of("1.2.840.10008.1.2.4.50").encapsulated());
    assertTrue(TransferSyntax.of("1.2.840.10008.1.2.1.98").encapsulated());
    assertTrue(TransferSyntax.of("1.2.840.10008.1.2.1.98").nativePixels());
    assertFalse(TransferSyntax.of("1.2.840.10008.1.2.4.94").encapsulated());
    assertEquals(Compression.REFERENCED, TransferSyntax.of("1.2.840.10008.1.2.4.94").compression());
    for (TransferSyntax ts : TransferSyntax.all()) {
      assertTrue(ts.explicitVr() || ts.compression() == Compression.NONE, ts.toString());
      assertTrue(!ts.lossy() || ts.encapsulated(), ts.toString());
    }
  }

  @Test
  void lossyAndLosslessCompression() {
    assertTrue(TransferSyntax.JPEG_BASELINE.lossy());
    assertTrue(TransferSyntax.JPEG_LS_NEAR_LOSSLESS.lossy());
    assertTrue(TransferSyntax.JPEG_2000.lossy());
    assertTrue(TransferSyntax.HTJ2K.lossy());
    assertFalse(TransferSyntax.JPEG_LOSSLESS_SV1.lossy());
    assertFalse(TransferSyntax.JPEG_2000_LOSSLESS.lossy());
    assertFalse(TransferSyntax.RLE_LOSSLESS.lossy());
    assertFalse(TransferSyntax.DEFLATED_IMAGE_FRAME.lossy());
  }

  @Test
  void mediaTypesFollowPs318Tables873() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.5", "image/dicom-rle"),
        Map.entry("1.2.840.10008.1.2.4.80", "image/jls"),
        Map.entry("1.2.840.10008.1.2.4.81", "image/jls"),
        Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"),
        Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"),
        Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"),
        Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"),
        Map.entry("1.2.840.10008.1.2.4.201", "image/jphc"),
        Map.entry("1.2.840.10008.1.2.4.202", "image/jphc"),
        Map.entry("1.2.840.10008.1.2.4.203", "image/jphc"),
        Map.entry("1.2.840.10008.1.2.4.100", "video/mpeg"),
        Map.entry("1.2.840.10008.1.2.4.101", "video/mpeg"),
        Map.entry("1.2.840.10008.1.2.4.102", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.106", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.107", "video/H265"),
        Map.entry("1.2.840.10008.1.2.4.108", "video/H265"));
    expected.forEach((uid, type) -> {
      assertEquals(Optional.of(type), TransferSyntax.of(uid).mediaType(), uid);
      assertEquals(Optional.of(type + "; transfer-syntax=" + uid),
          TransferSyntax.of(uid).mediaTypeWithSyntax(), uid);
    });
    // Uncompressed bulk data is little endian whatever the stored encoding (Table 8.7.3-4).
    for (String uid : List.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.2.1.99")) {
      assertEquals(Optional.of("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"),
          TransferSyntax.of(uid).mediaTypeWithSyntax(), uid);
    }
    assertEquals(Optional.empty(), TransferSyntax.of("1.2.840.10008.1.2.4.94").mediaType());
  }

  @Test
  void unknownUidIsExplicitLittleEndianEncapsulated() {
    TransferSyntax ts = TransferSyntax.of(" 1.2.3.4.5 ");
    assertEquals("1.2.3.4.5", ts.uid());
    assertTrue(ts.explicitVr());
    assertFalse(ts.bigEndian());
    assertTrue(ts.encapsulated());
    assertEquals(Compression.UNKNOWN, ts.compression());
    assertFalse(ts.isKnown());
    assertTrue(TransferSyntax.JPEG_BASELINE.isKnown());
    assertEquals(Optional.empty(), TransferSyntax.lookup("1.2.3.4.5"));
  }

  @Test
  void decodersAreRegisteredAgainstTheRegistry() {
    for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.ENCAPSULATED_UNCOMPRESSED,
        TransferSyntax.RLE_LOSSLESS, TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_EXTENDED,
        TransferSyntax.JPEG_LOSSLESS, TransferSyntax.JPEG_LOSSLESS_SV1,
        TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.JPEG_LS_NEAR_LOSSLESS,
        TransferSyntax.JPEG_2000_LOSSLESS, TransferSyntax.JPEG_2000,
        TransferSyntax.DEFLATED_IMAGE_FRAME)) {
      assertTrue(PixelDecoders.decodes(ts), ts.toString());
    }
    assertFalse(PixelDecoders.decodes(TransferSyntax.of("1.2.840.10008.1.2.4.100")));
    assertFalse(PixelDecoders.decodes(TransferSyntax.of("1.2.840.10008.1.2.4.94")));
    assertFalse(PixelDecoders.decodes(TransferSyntax.of("1.2.3.4.5")));
    assertTrue(PixelDecoders.decodableSyntaxes().stream().allMatch(TransferSyntax::isKnown));
  }
}
