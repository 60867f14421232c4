package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first frame of a Part 10 file for the codec oracle tests: the compressed bytes of an
 * encapsulated frame (PS3.5 §A.4) or the native samples of an uncompressed one, read with the
 * project's reader and frame locator (themselves checked against dcmtk by the conformance tests);
 * the pixel values are compared with dcmtk's decode.
 */
final class TestFrames {
  /** Image Pixel module values and the first frame's pixel data element. */
  record Frame(
      int rows,
      int columns,
      int samplesPerPixel,
      int bitsAllocated,
      int bitsStored,
      int planarConfiguration,
      int frames,
      byte[] compressed,
      byte[] nativeBytes) {

    /** Native samples of the first frame, pixel-interleaved, masked to Bits Stored. */
    int[] nativeSamples() {
      int count = rows * columns * samplesPerPixel;
      int bytes = bitsAllocated / 8;
      int mask = (int) ((1L << bitsStored) - 1);
      int[] out = new int[count];
      int plane = rows * columns;
      for (int i = 0; i < count; i++) {
        int src = i;
        if (planarConfiguration == 1 && samplesPerPixel > 1) {
          src = (i % samplesPerPixel) * plane + i / samplesPerPixel;
        }
        int v =
            bytes == 1
                ? nativeBytes[src] & 0xFF
                : (nativeBytes[2 * src] & 0xFF) | (nativeBytes[2 * src + 1] & 0xFF) << 8;
        out[i] = v & mask;
      }
      return out;
    }
  }

  private TestFrames() {}

  /** The Image Pixel module and frame 1, read with the project's reader and frame locator. */
  static Frame read(Path file) throws IOException {
    ArrayByteSource source = new ArrayByteSource(Files.readAllBytes(file));
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    Dataset ds = parsed.dataset();
    int rows = ds.integer(Tag.ROWS, 0);
    int columns = ds.integer(Tag.COLUMNS, 0);
    int spp = ds.integer(Tag.SAMPLES_PER_PIXEL, 1);
    int alloc = ds.integer(Tag.BITS_ALLOCATED, 0);
    int stored = ds.integer(Tag.BITS_STORED, 0);
    int planar = ds.integer(Tag.PLANAR_CONFIGURATION, 0);
    int frames = ds.integer(Tag.NUMBER_OF_FRAMES, 1);
    Object pixels = ds.value(Tag.PIXEL_DATA)
        .orElseThrow(() -> new IOException(file + ": no top-level Pixel Data"));
    if (pixels instanceof Fragments) {
      byte[] first = PixelData.of(parsed, source).encapsulatedFrame(0);
      return new Frame(rows, columns, spp, alloc, stored, planar, frames, first, null);
    }
    int frameBytes = rows * columns * spp * (alloc / 8);
    byte[] nat = pixels instanceof byte[] b ? Arrays.copyOf(b, frameBytes)
        : source.readBytes(((BulkDataRef) pixels).offset(), frameBytes);
    return new Frame(rows, columns, spp, alloc, stored, planar, frames, null, nat);
  }
}
