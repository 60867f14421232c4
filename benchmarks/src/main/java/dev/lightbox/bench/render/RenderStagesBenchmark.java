package dev.lightbox.bench.render;

import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where an uncached render spends its time (issue 13 item 5), one stage per benchmark on the same
 * inputs as {@link RenderBenchmark}:
 *
 * <ul>
 *   <li>{@code parseAndDecode}: parse the file bytes and decode frame 1 (codec included);
 *   <li>{@code parseDecodeAndWindow}: the same plus the grayscale/colour pipeline
 *       ({@code Renderer.render}); window/LUT cost = this minus {@code parseAndDecode};
 *   <li>{@code pngEncode}: {@code PngEncoder} on the already rendered image (filter + deflate +
 *       CRC), row chunks shared by two threads; {@code pngEncodeOneThread} the same on one;
 *       {@code pngEncodeZlibOnlyOneThread} on one thread with zlib for every image (no
 *       run-length coding);
 *   <li>{@code deflateOnly}: one zlib stream at level 1 over the already Sub-filtered rows
 *       (the bytes PngEncoder hands to zlib); filter and chunk cost = {@code pngEncode} minus
 *       this.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RenderStagesBenchmark {
  @Param({"ct512.native", "ct512.jpeg-sv1", "rgb1024"})
  public String input;

  private byte[] file;
  private RenderedImage rendered;
  private byte[] filtered;
  private byte[] out;
  private final PngEncoder png = new PngEncoder();
  private final PngEncoder pngOneThread = new PngEncoder(1, false);
  private final PngEncoder pngZlibOnlyOneThread = new PngEncoder(1, false, false);

  @Setup
  public void load() throws IOException {
    Path dir = Path.of(System.getProperty("lightbox.generated", "target/generated-corpus"))
        .resolve("render/bench");
    file = Files.readAllBytes(dir.resolve(input + ".dcm"));
    rendered = parseDecodeAndWindow();
    filtered = subFiltered(rendered);
    out = new byte[filtered.length + 1024];
  }

  @Benchmark
  public Frame parseAndDecode() throws IOException {
    ArrayByteSource source = new ArrayByteSource(file);
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    return PixelData.of(parsed, source).frame(0);
  }

  @Benchmark
  public RenderedImage parseDecodeAndWindow() throws IOException {
    ArrayByteSource source = new ArrayByteSource(file);
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    return Renderer.render(PixelData.of(parsed, source), RenderRequest.firstFrame());
  }

  @Benchmark
  public byte[] pngEncode() {
    return png.encode(rendered);
  }

  /** The same encoder restricted to the calling thread (no chunk handed to a helper). */
  @Benchmark
  public byte[] pngEncodeOneThread() {
    return pngOneThread.encode(rendered);
  }

  /**
   * The same on one thread with zlib level 1 for every image (no run-length coding): what
   * {@code pngEncodeOneThread} gains where the trial picks run-length coding.
   */
  @Benchmark
  public byte[] pngEncodeZlibOnlyOneThread() {
    return pngZlibOnlyOneThread.encode(rendered);
  }

  @Benchmark
  public int deflateOnly() {
    Deflater deflater = new Deflater(1);
    try {
      deflater.setInput(filtered);
      deflater.finish();
      int n = 0;
      while (!deflater.finished()) {
        n += deflater.deflate(out, n, out.length - n);
      }
      return n;
    } finally {
      deflater.end();
    }
  }

  /** Rows with a leading filter byte 1 and the Sub filter applied (ISO/IEC 15948 §9.2). */
  private static byte[] subFiltered(RenderedImage img) {
    int bpp = img.channels() * img.bitDepth() / 8;
    int stride = img.width() * bpp;
    byte[] raw = img.bytes();
    byte[] f = new byte[img.height() * (stride + 1)];
    for (int y = 0; y < img.height(); y++) {
      int at = y * (stride + 1);
      int src = y * stride;
      f[at] = 1;
      for (int i = 0; i < stride; i++) {
        f[at + 1 + i] = (byte) (raw[src + i] - (i >= bpp ? raw[src + i - bpp] : 0));
      }
    }
    return f;
  }
}
