package dev.lightbox.bench.render;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One frame out of a 200 MB native multi-frame file (400 frames of 512×512 16-bit, written by
 * {@link MultiFrameFile} in setup): open the file, parse, read and render frame 200 only. The
 * other 399 frames must not be read, so the time should match a single-frame render plus I/O.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MultiFrameRenderBenchmark {
  private Path file;
  private final PngEncoder png = new PngEncoder();

  @Setup(Level.Trial)
  public void write() throws IOException {
    file = Files.createTempFile("lightbox-multiframe-", ".dcm");
    MultiFrameFile.write(file, 512, 512, 400);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public byte[] frame200Of400() throws IOException {
    try (FileByteSource source = FileByteSource.open(file)) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
      return png.encode(Renderer.render(PixelData.of(parsed, source),
          RenderRequest.firstFrame().withFrame(199)));
    }
  }
}
