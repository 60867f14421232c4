package dev.lightbox.bench.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Decoder;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Limits;
import java.io.IOException;
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
 * HTJ2K decoding of whole frames with our decoder: ct693_ht is the 693_J2KR CT frame re-encoded
 * by ojph_compress (reversible, 64×64 blocks); compare with Jpeg2000DecodeBenchmark.own on
 * bench/ct693.j2k (the same image in Part 1) and with ojph_expand (scripts/bench/j2k-tools.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HtDecodeBenchmark {
  @Param({"bench/ct693_ht.j2c", "enc/gray16.ht_rev.j2c", "enc/rgb8.ht_rev.j2c"})
  public String stream;

  private byte[] data;
  private final Jpeg2000Limits limits = Jpeg2000Limits.of(DecodeLimits.DEFAULT);

  @Setup
  public void load() throws IOException {
    data = BenchInputs.read(stream);
  }

  @Benchmark
  public DecodedImage own() throws CodecException {
    return Jpeg2000Decoder.decode(data, 0, data.length, limits, 0);
  }

  /** The same decode with every code-block on the benchmark thread (what one core achieves). */
  @Benchmark
  public DecodedImage ownOneThread() throws CodecException {
    return Jpeg2000Decoder.decode(data, 0, data.length, limits, 0, false);
  }
}
