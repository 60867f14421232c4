package dev.lightbox.bench.render;

import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * File bytes in memory → PNG bytes: parse, locate and decode frame 1, grayscale pipeline (the
 * file's window) or colour conversion, PNG encode. Inputs from scripts/corpus/render.sh
 * ({@code target/generated-corpus/render/bench}); run from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RenderBenchmark {
  /** ct512.SYNTAX.dcm (512×512 12-bit CT) or rgb1024 (1024×1024 RGB 8-bit native). */
  @Param({"ct512.native", "ct512.jpeg-sv1", "ct512.jpegls", "ct512.j2k", "ct512.rle",
      "rgb1024"})
  public String input;

  private byte[] file;
  private final PngEncoder png = new PngEncoder();

  @Setup
  public void load() throws IOException {
    Path dir = Path.of(System.getProperty("lightbox.generated", "target/generated-corpus"))
        .resolve("render/bench");
    file = Files.readAllBytes(dir.resolve(input + ".dcm"));
  }

  @Benchmark
  public byte[] renderToPng() throws IOException {
    ArrayByteSource source = new ArrayByteSource(file);
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    return png.encode(Renderer.render(PixelData.of(parsed, source), RenderRequest.firstFrame()));
  }
}
