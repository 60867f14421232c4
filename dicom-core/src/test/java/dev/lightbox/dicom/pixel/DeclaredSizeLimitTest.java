package dev.lightbox.dicom.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.Renderer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A few hundred bytes that declare an enormous image must be refused from the header alone
 * (LIMIT_EXCEEDED, or CORRUPT when the data is shorter than declared), before any frame buffer is
 * allocated: otherwise a 300-byte upload could exhaust the heap.
 */
class DeclaredSizeLimitTest {

  @ParameterizedTest(name = "{0}x{1}x{2} frames in {3}")
  @CsvSource({
      "65535, 65535, 1, 1.2.840.10008.1.2.1, LIMIT_EXCEEDED",
      "65535, 65535, 1, 1.2.840.10008.1.2.5, LIMIT_EXCEEDED",
      "65535, 65535, 1, 1.2.840.10008.1.2.4.80, LIMIT_EXCEEDED",
      "65535, 65535, 1, 1.2.840.10008.1.2.4.90, LIMIT_EXCEEDED",
      "32768, 32768, 1, 1.2.840.10008.1.2.5, LIMIT_EXCEEDED",
      "16384, 16384, 1, 1.2.840.10008.1.2.4.70, LIMIT_EXCEEDED",
      "16384, 16384, 1, 1.2.840.10008.1.2.4.80, LIMIT_EXCEEDED",
      "16384, 16384, 1, 1.2.840.10008.1.2.5, LIMIT_EXCEEDED",
      "16384, 16384, 1, 1.2.840.10008.1.2.1, LIMIT_EXCEEDED",
      "4096, 4096, 2000000000, 1.2.840.10008.1.2.1, CORRUPT",
      "4096, 4096, 536870913, 1.2.840.10008.1.2.5, CORRUPT",
  })
  void hugeDeclaredImagesAreRefusedBeforeAllocation(int rows, int columns, int frames,
      String syntax, String reason) throws Exception {
    byte[] file = file(rows, columns, frames, syntax);
    ParseResult parsed = DicomReader.read(new ArrayByteSource(file), ReadOptions.defaults());
    PixelDataException e = assertThrows(PixelDataException.class, () -> Renderer.render(
        PixelData.of(parsed, new ArrayByteSource(file)), RenderRequest.firstFrame()));
    assertEquals(PixelDataException.Reason.valueOf(reason), e.reason(), e.getMessage());
  }

  /** Explicit VR little endian Part 10 file, 16-bit grey, with 64 bytes of pixel data. */
  static byte[] file(int rows, int columns, int frames, String syntax) {
    boolean encapsulated = !syntax.equals("1.2.840.10008.1.2.1");
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x00020010, "UI", ui(syntax));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x00020000, "UL", le(4, meta.size()));
    out.writeBytes(meta.toByteArray());
    element(out, 0x00280002, "US", le(2, 1));
    element(out, 0x00280004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
    String n = Integer.toString(frames);
    element(out, 0x00280008, "IS", (n.length() % 2 == 0 ? n : n + " ")
        .getBytes(StandardCharsets.US_ASCII));
    element(out, 0x00280010, "US", le(2, rows));
    element(out, 0x00280011, "US", le(2, columns));
    element(out, 0x00280100, "US", le(2, 16));
    element(out, 0x00280101, "US", le(2, 16));
    element(out, 0x00280102, "US", le(2, 15));
    element(out, 0x00280103, "US", le(2, 0));
    byte[] junk = new byte[64];
    junk[0] = (byte) 0xFF;
    junk[1] = (byte) 0xD8;
    if (!encapsulated) {
      element(out, 0x7FE00010, "OW", junk);
    } else {
      header(out, 0x7FE00010, "OB", 0xFFFFFFFF);
      item(out, new byte[0]);
      item(out, junk);
      out.writeBytes(le(2, 0xFFFE));
      out.writeBytes(le(2, 0xE0DD));
      out.writeBytes(le(4, 0));
    }
    return out.toByteArray();
  }

  private static void item(ByteArrayOutputStream out, byte[] value) {
    out.writeBytes(le(2, 0xFFFE));
    out.writeBytes(le(2, 0xE000));
    out.writeBytes(le(4, value.length));
    out.writeBytes(value);
  }

  private static byte[] ui(String uid) {
    return (uid.length() % 2 == 0 ? uid : uid + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
    header(out, tag, vr, value.length);
    out.writeBytes(value);
  }

  private static void header(ByteArrayOutputStream out, int tag, String vr, int length) {
    out.writeBytes(le(2, tag >>> 16));
    out.writeBytes(le(2, tag & 0xFFFF));
    out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (vr.equals("OB") || vr.equals("OW")) {
      out.writeBytes(new byte[2]);
      out.writeBytes(le(4, length));
    } else {
      out.writeBytes(le(2, length));
    }
  }

  private static byte[] le(int size, long v) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    if (size == 2) {
      b.putShort((short) v);
    } else {
      b.putInt((int) v);
    }
    return b.array();
  }
}
