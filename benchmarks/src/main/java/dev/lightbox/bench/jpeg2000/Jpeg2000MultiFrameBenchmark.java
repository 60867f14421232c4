package dev.lightbox.bench.jpeg2000;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.PixelData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening a 400-frame JPEG 2000 file (the 693_J2KR CT frame 400 times, no offset table) and
 * decoding one frame: frame 400 must cost what frame 1 costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Jpeg2000MultiFrameBenchmark {
  @Param({"0", "199", "399"})
  public int frame;

  private Path file;

  @Setup(Level.Trial)
  public void write() throws IOException {
    file = Files.createTempFile("lightbox-j2k-multiframe-", ".dcm");
    EncapsulatedMultiFrame.write(file, BenchInputs.read("bench/ct693.j2k"), 512, 512, 16, true,
        400);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public Frame decodeFrame() throws IOException {
    try (FileByteSource source = FileByteSource.open(file)) {
      ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
      return PixelData.of(parsed, source).frame(frame);
    }
  }
}
