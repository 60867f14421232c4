package dev.lightbox.bench.jpegls;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpegls.JpegLsDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding time of whole JPEG-LS frames. The codestreams are written by
 * {@code scripts/corpus/jpegls.sh} into {@code target/generated-corpus/jpegls/bench} (override
 * with {@code -Dlightbox.jpegls.bench=DIR}); see docs/performance/jpegls.md for the dcmdjpls
 * comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JpegLsDecodeBenchmark {
  /** 512×512 16-bit synthetic CT, 512×512 real CT (14 bits), 8-bit RGB line/sample interleaved. */
  @Param({
    "ct16_512_lossless",
    "ct_real_512_lossless",
    "rgb8_512_lossless_ilv1",
    "rgb8_512_lossless_ilv2",
    "us_rgb_640x480_lossless"
  })
  public String stream;

  private byte[] data;

  @Setup
  public void load() throws IOException {
    Path dir = Path.of(System.getProperty("lightbox.jpegls.bench",
        "target/generated-corpus/jpegls/bench"));
    Path file = dir.resolve(stream + ".jls");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("benchmark input " + file.toAbsolutePath()
          + " missing: run scripts/corpus/jpegls.sh target/generated-corpus from the repository"
          + " root, or pass -Dlightbox.jpegls.bench=DIR");
    }
    data = Files.readAllBytes(file);
  }

  @Benchmark
  public DecodedImage decode() throws CodecException {
    return JpegLsDecoder.decode(data, 0, data.length, DecodeLimits.DEFAULT);
  }
}
