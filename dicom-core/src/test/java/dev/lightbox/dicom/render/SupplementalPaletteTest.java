package dev.lightbox.dicom.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.testing.DicomBytes;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supplemental Palette Color LUT with Pixel Presentation COLOR (PS3.3 C.8.16.2.1.1.2,
 * C.7.6.3.1.5). dcmtk's dcm2pnm does not apply supplemental palettes (it renders such images
 * grey), so the expected colours are worked out from the standard in the comments.
 *
 * <p>The image: MONOCHROME2, 16-bit unsigned, Window 500/1000, a 4-entry 16-bit palette whose
 * first value mapped is 1000: red (0, FFFF, 0, 8000), green (0, 0, FFFF, 8000), blue
 * (FFFF, 0, 0, 8000).
 */
class SupplementalPaletteTest {
  private static final int[] STORED = {0, 250, 500, 999, 1000, 1001, 1002, 1003, 1500, 65535};

  private static byte[] file(String pixelPresentation) {
    byte[] pixels = new byte[STORED.length * 2];
    for (int i = 0; i < STORED.length; i++) {
      pixels[2 * i] = (byte) STORED[i];
      pixels[2 * i + 1] = (byte) (STORED[i] >> 8);
    }
    DicomBytes b = DicomBytes.part10(DicomBytes.EXPLICIT_LE);
    if (pixelPresentation != null) {
      b.string(Tag.PIXEL_PRESENTATION, Vr.CS, pixelPresentation);
    }
    return b.us(Tag.SAMPLES_PER_PIXEL, 1)
        .string(Tag.PHOTOMETRIC_INTERPRETATION, Vr.CS, "MONOCHROME2")
        .us(Tag.ROWS, 1).us(Tag.COLUMNS, STORED.length)
        .us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 16).us(Tag.HIGH_BIT, 15)
        .us(Tag.PIXEL_REPRESENTATION, 0)
        .string(Tag.WINDOW_CENTER, Vr.DS, "500").string(Tag.WINDOW_WIDTH, Vr.DS, "1000")
        .us(Tag.RED_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR, 4, 1000, 16)
        .us(Tag.GREEN_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR, 4, 1000, 16)
        .us(Tag.BLUE_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR, 4, 1000, 16)
        .binary(Tag.RED_PALETTE_COLOR_LOOKUP_TABLE_DATA, Vr.OW, 2, 0, 0xFFFF, 0, 0x8000)
        .binary(Tag.GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA, Vr.OW, 2, 0, 0, 0xFFFF, 0x8000)
        .binary(Tag.BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA, Vr.OW, 2, 0xFFFF, 0, 0, 0x8000)
        .bytes(Tag.PIXEL_DATA, Vr.OW, pixels).toByteArray();
  }

  private static RenderedImage render(byte[] file) throws IOException {
    ParseResult parsed = DicomReader.read(new ArrayByteSource(file), ReadOptions.defaults());
    return Renderer.render(PixelData.of(parsed, new ArrayByteSource(file)),
        RenderRequest.firstFrame());
  }

  /**
   * Grey part, Window 500/1000 LINEAR (C.11.2.1.2.1): x ≤ 0 → 0, x > 999 → 255, else
   * ((x − 499.5)/999 + 0.5)·255: 250 → 63.81 → 64, 500 → 127.63 → 128, 999 → 255.
   */
  private static final int[] GREY = {0, 64, 128, 255};

  @Test
  void valuesBelowTheFirstMappedAreGreyAndTheRestComeFromThePalette() throws IOException {
    RenderedImage img = render(file("COLOR"));
    assertEquals(3, img.channels());
    int[] expected = {
        GREY[0], GREY[0], GREY[0], GREY[1], GREY[1], GREY[1], GREY[2], GREY[2], GREY[2],
        GREY[3], GREY[3], GREY[3],
        0, 0, 255, // 1000: entry 0 (16-bit entries, high byte)
        255, 0, 0, // 1001: entry 1
        0, 255, 0, // 1002: entry 2
        128, 128, 128, // 1003: entry 3, the last
        128, 128, 128, // 1500: past the table, the last entry (C.7.6.3.1.5)
        128, 128, 128};
    int[] actual = new int[img.bytes().length];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = img.bytes()[i] & 0xFF;
    }
    assertArrayEquals(expected, actual);
  }

  /**
   * pydicom's eCT_Supplemental.dcm (Enhanced CT, Pixel Presentation COLOR, a 100-entry palette
   * from 1024): values below 1024 equal dcmj2pnm's grey rendering with the file's first window
   * (within one level, 16-bit grey); values from 1024 up are the palette entry the standard's
   * mapping selects, entry min(v − 1024, 99), high byte of the 16-bit entry. The window 49/102
   * sits in the Frame VOI LUT functional group, which dcmj2pnm's +Wi does not select, so it is
   * given explicitly.
   */
  @Test
  void enhancedCtWithASupplementalPaletteIsGreyBelowAndColouredAbove(@TempDir Path tmp)
      throws Exception {
    Path file = Corpus.shared().resolve("pydicom/pydicom-data/eCT_Supplemental.dcm");
    Corpus.requireTool("dcmj2pnm");
    Path png = tmp.resolve("grey.png");
    Process p = new ProcessBuilder("dcmj2pnm", "+on", "+Ww", "49", "102", file.toString(),
        png.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "dcmj2pnm");
    java.awt.image.Raster dcmtk = ImageIO.read(png.toFile()).getRaster();
    byte[] bytes = Files.readAllBytes(file);
    ParseResult parsed = DicomReader.read(new ArrayByteSource(bytes), ReadOptions.defaults());
    PixelData pixels = PixelData.of(parsed, new ArrayByteSource(bytes));
    RenderedImage img = Renderer.render(pixels, RenderRequest.firstFrame());
    int[] stored = pixels.frame(0).samples();
    byte[][] lut = new byte[3][];
    int[] tags = {Tag.RED_PALETTE_COLOR_LOOKUP_TABLE_DATA, Tag.GREEN_PALETTE_COLOR_LOOKUP_TABLE_DATA,
        Tag.BLUE_PALETTE_COLOR_LOOKUP_TABLE_DATA};
    for (int c = 0; c < 3; c++) {
      lut[c] = pixels.valueBytes(parsed.dataset(), tags[c]).orElseThrow();
    }
    int grey = 0;
    int coloured = 0;
    for (int i = 0; i < stored.length; i++) {
      int x = i % img.width();
      int y = i / img.width();
      for (int c = 0; c < 3; c++) {
        int ours = img.bytes()[i * 3 + c] & 0xFF;
        if (stored[i] < 1024) {
          int ref = dcmtk.getSample(x, y, 0);
          assertTrue(Math.abs(ours - ref) <= 1, "grey at " + x + "," + y + ": " + ours + " vs "
              + ref);
        } else {
          int entry = Math.min(stored[i] - 1024, 99);
          assertEquals(lut[c][2 * entry + 1] & 0xFF, ours, "colour at " + x + "," + y);
        }
      }
      if (stored[i] < 1024) {
        grey++;
      } else {
        coloured++;
      }
    }
    assertTrue(grey > 0 && coloured > 0, grey + " grey, " + coloured + " coloured pixels");
  }

  @Test
  void withoutPixelPresentationColorTheImageIsGrey() throws IOException {
    for (String presentation : new String[] {null, "MONOCHROME"}) {
      RenderedImage img = render(file(presentation));
      assertEquals(1, img.channels(), "Pixel Presentation " + presentation);
      assertEquals(255, img.bytes()[4] & 0xFF, "1000 is above the window: white");
    }
  }
}
