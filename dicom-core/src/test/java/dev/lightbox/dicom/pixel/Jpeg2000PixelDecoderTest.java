package dev.lightbox.dicom.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JPEG 2000 and HTJ2K frames decoded through the registry (PixelDecoders → Jpeg2000PixelDecoder)
 * carry the header's geometry, RGB for YBR_ICT/YBR_RCT, and the samples opj_decompress writes
 * (masked to Bits Stored).
 */
class Jpeg2000PixelDecoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"pydicom/pydicom-data/HTJ2KLossless_08_RGB.dcm",
      "pydicom/pydicom-data/HTJ2K_08_RGB.dcm", "pydicom/pydicom-data/US1_J2KR.dcm",
      "pydicom/pydicom-data/US1_J2KI.dcm", "pydicom/test_files/MR_small_jp2klossless.dcm",
      "pydicom/pydicom-data/emri_small_jpeg_2k_lossless.dcm"})
  void framesEqualOpenJpegThroughTheRegistry(String relative) throws Exception {
    Corpus.requireTool("opj_decompress");
    Path file = Corpus.shared().resolve(relative);
    ArrayByteSource source = new ArrayByteSource(Files.readAllBytes(file));
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    PixelData pixels = PixelData.of(parsed, source);
    ImagePixel img = pixels.image();
    for (int f = 0; f < pixels.frameCount(); f++) {
      Frame frame = pixels.frame(f);
      assertEquals(img.columns(), frame.width());
      assertEquals(img.rows(), frame.height());
      if (img.samplesPerPixel() == 3) {
        assertEquals("RGB", frame.photometric());
      }
      int[] ref = openJpeg(pixels.encapsulatedFrame(f), frame, img.bitsStored());
      int mask = (int) ((1L << img.bitsStored()) - 1);
      int n = frame.samplesPerPixel();
      int plane = frame.pixelCount();
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < n; c++) {
          if ((frame.samples()[p * n + c] & mask) != (ref[c * plane + p] & mask)) {
            fail(relative + " frame " + f + " pixel " + p + " component " + c);
          }
        }
      }
    }
  }

  private static int[] openJpeg(byte[] stream, Frame frame, int bits) throws Exception {
    Path dir = Files.createTempDirectory("j2k-registry");
    Path in = dir.resolve("f.j2k");
    Path out = dir.resolve("f.rawl");
    Files.write(in, stream);
    Process p = new ProcessBuilder(List.of("opj_decompress", "-i", in.toString(), "-o",
        out.toString())).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
    byte[] raw = Files.readAllBytes(out);
    Files.delete(in);
    Files.delete(out);
    Files.delete(dir);
    int count = frame.pixelCount() * frame.samplesPerPixel();
    int[] v = new int[count];
    boolean two = raw.length >= 2 * count;
    for (int i = 0; i < count; i++) {
      v[i] = two ? (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8 : raw[i] & 0xFF;
    }
    return v;
  }
}
