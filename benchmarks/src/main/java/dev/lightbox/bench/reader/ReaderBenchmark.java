package dev.lightbox.bench.reader;

import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Reader cost. Header-only parses of a 512×512 CT file and of a 200 MB multi-frame file must cost
 * the same (nothing of the pixel data is touched); full parses give throughput in MB/s (divide the
 * sizes printed at setup by the measured time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReaderBenchmark {
  private Path dir;
  private Path ct;
  private Path multiframe;
  private byte[] ctBytes;
  private byte[] elementRich;
  private final ReadOptions headerOnly = ReadOptions.headerOnly();
  private final ReadOptions loadEverything = ReadOptions.defaults()
      .withBulkThreshold(Integer.MAX_VALUE);

  @Setup(Level.Trial)
  public void createFiles() throws IOException {
    dir = Files.createTempDirectory("lightbox-reader-bench");
    ct = dir.resolve("ct.dcm");
    multiframe = dir.resolve("multiframe.dcm");
    long ctSize = SyntheticDicom.writeImage(ct, 1);
    long mfSize = SyntheticDicom.writeImage(multiframe, 400);
    ctBytes = Files.readAllBytes(ct);
    elementRich = SyntheticDicom.elementRich(20_000);
    System.out.printf("%nfiles: ct %d bytes, multiframe %d bytes, element-rich %d bytes%n",
        ctSize, mfSize, elementRich.length);
  }

  @TearDown(Level.Trial)
  public void deleteFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Header-only read of a single-frame 512×512 CT file (0.5 MB). */
  @Benchmark
  public ParseResult headerOnlyCt() throws IOException {
    return DicomReader.read(ct, headerOnly);
  }

  /** Header-only read of a 400-frame 512×512 file (210 MB): must match {@link #headerOnlyCt}. */
  @Benchmark
  public ParseResult headerOnlyMultiframe200MB() throws IOException {
    return DicomReader.read(multiframe, headerOnly);
  }

  /** Full read of the 210 MB file with default options: pixel data stays a reference. */
  @Benchmark
  public ParseResult fullReadMultiframeAsReference() throws IOException {
    return DicomReader.read(multiframe, ReadOptions.defaults());
  }

  /** Full parse of the CT file from memory, loading pixel data (memory-copy bound). */
  @Benchmark
  public ParseResult fullParseCtLoadingPixels() throws IOException {
    return DicomReader.read(ctBytes, loadEverything);
  }

  /** Full parse of a dataset of 20,000 items of small attributes (element-parsing bound). */
  @Benchmark
  public ParseResult fullParseElementRich() throws IOException {
    return DicomReader.read(elementRich, loadEverything);
  }
}
