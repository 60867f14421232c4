package dev.lightbox.dicom.codec.rle;

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

/**
 * A DICOM file as the codec oracle tests need it: the Image Pixel module, the native pixel values
 * of a twin, or the compressed bytes of one frame. Reads with the project's reader and frame
 * locator, so the codec tests exercise the same path as rendering.
 */
public final class TestDicomFile {
  private final ParseResult parsed;
  private final Dataset ds;
  private final ArrayByteSource source;

  private TestDicomFile(byte[] bytes) throws IOException {
    this.source = new ArrayByteSource(bytes);
    this.parsed = DicomReader.read(source, ReadOptions.defaults());
    this.ds = parsed.dataset();
  }

  public static TestDicomFile read(Path path) throws IOException {
    return new TestDicomFile(Files.readAllBytes(path));
  }

  public String transferSyntax() {
    return parsed.transferSyntax().uid();
  }

  public int rows() {
    return us(Tag.ROWS);
  }

  public int columns() {
    return us(Tag.COLUMNS);
  }

  public int samplesPerPixel() {
    return us(Tag.SAMPLES_PER_PIXEL);
  }

  public int bitsAllocated() {
    return us(Tag.BITS_ALLOCATED);
  }

  public int bitsStored() {
    return us(Tag.BITS_STORED);
  }

  public int planarConfiguration() {
    return ds.integer(Tag.PLANAR_CONFIGURATION, 0);
  }

  public String photometric() {
    return ds.string(Tag.PHOTOMETRIC_INTERPRETATION).orElse("");
  }

  public int numberOfFrames() {
    return ds.integer(Tag.NUMBER_OF_FRAMES, 1);
  }

  /**
   * Native pixel values of one frame, pixel-interleaved whatever the planar configuration, as the
   * unsigned BitsAllocated-wide integers stored in the file (32-bit ones as raw bit patterns).
   */
  public int[] nativeFrame(int frame) throws IOException {
    byte[] pixels = nativePixels();
    int spp = samplesPerPixel();
    int count = rows() * columns();
    int bytesPerSample = bitsAllocated() / 8;
    int base = frame * count * spp * bytesPerSample;
    boolean planar = planarConfiguration() == 1;
    int[] out = new int[count * spp];
    for (int i = 0; i < count * spp; i++) {
      int pos = base + i * bytesPerSample;
      int v = 0;
      for (int b = bytesPerSample - 1; b >= 0; b--) {
        v = (v << 8) | (pixels[pos + b] & 0xFF);
      }
      out[planar ? (i % count) * spp + i / count : i] = v;
    }
    return out;
  }

  /** The compressed bytes of one frame of encapsulated pixel data (PS3.5 §A.4). */
  public byte[] frame(int frame) throws IOException {
    return PixelData.of(parsed, source).encapsulatedFrame(frame);
  }

  public boolean encapsulated() {
    return ds.value(Tag.PIXEL_DATA).orElse(null) instanceof Fragments;
  }

  private byte[] nativePixels() throws IOException {
    Object v = ds.value(Tag.PIXEL_DATA).orElseThrow(() -> new IOException("no Pixel Data"));
    if (v instanceof byte[] b) {
      return b;
    }
    BulkDataRef ref = (BulkDataRef) v;
    return source.readBytes(ref.offset(), (int) ref.length());
  }

  private int us(int tag) {
    return ds.integer(tag).orElseThrow(
        () -> new IllegalStateException("missing " + Tag.toString(tag)));
  }
}
