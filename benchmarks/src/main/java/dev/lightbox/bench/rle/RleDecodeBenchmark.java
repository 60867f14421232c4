package dev.lightbox.bench.rle;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.rle.RleDecoder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RLE Lossless decode of a 512×512 16-bit grey frame (dcmcrle output made by
 * scripts/corpus/rle.sh). Run from the repository root after generating the corpus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RleDecodeBenchmark {
  private byte[] frame;

  @Setup
  public void load() throws IOException {
    frame = EncapsulatedFrame.read(
        EncapsulatedFrame.generated("rle/gen/grey16u_512x512.rle.dcm"));
  }

  @Benchmark
  public DecodedImage grey16_512x512() throws CodecException {
    return RleDecoder.decode(frame, 0, frame.length, 512, 512, 1, 16, DecodeLimits.DEFAULT);
  }
}
