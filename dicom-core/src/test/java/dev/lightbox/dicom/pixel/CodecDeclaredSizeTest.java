package dev.lightbox.dicom.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.testing.Allocation;
import dev.lightbox.dicom.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 4 (and issue 19): the render budget is reserved for the DICOM header's frame, so a
 * codec stream declaring any other size must be refused before the codec allocates for it. With
 * the former 4× slack a stream could make the codec take four times the reserved memory.
 */
class CodecDeclaredSizeTest {
  private static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
  private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  private static final String JPEG_2000 = "1.2.840.10008.1.2.4.90";

  private static ImagePixel grey(int rows, int columns, int bits) {
    return new ImagePixel(rows, columns, 1, "MONOCHROME2", bits <= 8 ? 8 : 16, bits, bits - 1,
        false, 0, 1, Tag.PIXEL_DATA);
  }

  /**
   * A valid JPEG-LS stream of a black 8-bit image. All neighbours are 0, so every line is coded
   * in run mode (T.87 §A.7.1): each 1 bit fills 2^J[RUNindex] samples (or up to the line end)
   * and increments RUNindex; the bits are written with a stuffed 0 bit after each 0xFF byte
   * (T.87 §9.1) and zero-padded to the byte boundary.
   */
  static byte[] blackJpegLs(int width, int height) {
    int[] j = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10,
        11, 12, 13, 14, 15};
    int ones = 0;
    int runIndex = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; ) {
        int run = Math.min(1 << j[runIndex], width - x);
        ones++;
        if (run == 1 << j[runIndex] && runIndex < 31) {
          runIndex++;
        }
        x += run;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xF7, 0, 11, 8, (byte) (height >> 8),
        (byte) height, (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0});
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0, 0});
    int current = 0;
    int bits = 0;
    int capacity = 8;
    for (int i = 0; i < ones; i++) {
      current = current << 1 | 1;
      if (++bits == capacity) {
        out.write(current);
        capacity = current == 0xFF ? 7 : 8;
        current = 0;
        bits = 0;
      }
    }
    if (bits > 0) {
      out.write(current << (capacity - bits));
    } else if (capacity == 7) {
      out.write(0);
    }
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  @Test
  void theBlackStreamIsAValidImageOfItsOwnDeclaredSize() throws Exception {
    Frame f = PixelDecoders.forSyntax(JPEG_LS).orElseThrow()
        .decode(grey(1024, 1024, 8), blackJpegLs(1024, 1024));
    assertEquals(1024 * 1024, f.samples().length);
    assertTrue(Arrays.stream(f.samples()).allMatch(v -> v == 0));
  }

  @Test
  void jpegLsStreamLargerThanTheHeaderIsRefusedBeforeAllocation() {
    byte[] stream = blackJpegLs(2048, 2048); // 4x the header's 1024x1024
    PixelDecoder decoder = PixelDecoders.forSyntax(JPEG_LS).orElseThrow();
    ImagePixel header = grey(1024, 1024, 8);
    PixelDataException e = assertThrows(PixelDataException.class,
        () -> decoder.decode(header, stream));
    assertEquals(PixelDataException.Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains("stream declares 2048x2048x1 but the DICOM header says "
        + "Columns 1024, Rows 1024, Samples per Pixel 1"), e.getMessage());
    long allocated = Allocation.bytesAllocatedBy(() -> decoder.decode(header, stream));
    // The header's frame would be 4 MiB as int[]; the stream's 16 MiB must never be taken.
    assertTrue(allocated < 4L << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void jpegLsStreamWithOtherComponentCountIsRefused() {
    byte[] stream = blackJpegLs(64, 64);
    ImagePixel rgbHeader = new ImagePixel(64, 64, 3, "RGB", 8, 8, 7, false, 0, 1,
        Tag.PIXEL_DATA);
    PixelDataException e = assertThrows(PixelDataException.class,
        () -> PixelDecoders.forSyntax(JPEG_LS).orElseThrow().decode(rgbHeader, stream));
    assertTrue(e.getMessage().contains("stream declares 64x64x1"), e.getMessage());
  }

  @Test
  void jpegBaselineStreamLargerThanTheHeaderIsRefusedFromItsFrameHeader() {
    // SOF0 declaring 512x512 grey; the header says 256x256. Nothing after the SOF is needed.
    byte[] stream = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 2, 0, 2, 0, 1,
        1, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    PixelDataException e = assertThrows(PixelDataException.class,
        () -> PixelDecoders.forSyntax(JPEG_BASELINE).orElseThrow()
            .decode(grey(256, 256, 8), stream));
    assertTrue(e.getMessage().contains("stream declares 512x512x1 but the DICOM header says"),
        e.getMessage());
  }

  @Test
  void jpeg2000StreamLargerThanTheHeaderIsRefusedBeforeItsRasterIsRead() throws Exception {
    // MR2_J2KR is 1024x1024; a header of 512x512 was within the former 4x slack.
    var file = Corpus.shared().resolve("pydicom/pydicom-data/MR2_J2KR.dcm");
    byte[] stream;
    try (FileByteSource source = FileByteSource.open(file)) {
      var parsed = DicomReader.read(source, ReadOptions.defaults());
      stream = PixelData.of(parsed, source).encapsulatedFrame(0);
    }
    PixelDataException e = assertThrows(PixelDataException.class,
        () -> PixelDecoders.forSyntax(JPEG_2000).orElseThrow()
            .decode(grey(512, 512, 16), stream));
    // The own JPEG 2000 decoder checks SIZ against the header before any tile is decoded.
    assertTrue(e.getMessage().contains("stream declares 1024x1024")
        && e.getMessage().contains("Columns 512, Rows 512"), e.getMessage());
  }

  @Test
  void jpegLosslessStreamLargerThanTheHeaderIsRefusedFromItsFrameHeader() {
    // SOF3 declaring 512x512 grey, 16 bits; the header says 256x256. Nothing after the SOF3 is
    // read, so the stream's frame is never allocated (issue 18 item 4 for the own decoder).
    byte[] stream = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC3, 0, 11, 16, 2, 0, 2, 0,
        1, 1, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    PixelDecoder decoder = PixelDecoders.forSyntax("1.2.840.10008.1.2.4.70").orElseThrow();
    ImagePixel header = grey(256, 256, 16);
    PixelDataException e = assertThrows(PixelDataException.class,
        () -> decoder.decode(header, stream));
    assertEquals(PixelDataException.Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains("stream declares 512x512x1 but the DICOM header says"),
        e.getMessage());
    long allocated = Allocation.bytesAllocatedBy(() -> decoder.decode(header, stream));
    assertTrue(allocated < 256L << 10, "allocated " + allocated + " bytes");
  }
}
