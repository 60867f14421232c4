package dev.lightbox.bench.jpeg;

import dev.lightbox.bench.rle.EncapsulatedFrame;
import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpeg.JpegDctDecoder;
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
 * JPEG DCT decode of 512×512 frames made by scripts/corpus/jpeg.sh: 12-bit extended grey
 * (dcmcjpeg +ee +q 75) and baseline YCbCr 4:2:2 colour (dcmcjpeg +eb +s2). Run from the
 * repository root after generating the corpus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JpegDctDecodeBenchmark {
  private byte[] grey12;
  private byte[] colour8;

  @Setup
  public void load() throws IOException {
    grey12 = EncapsulatedFrame.read(
        EncapsulatedFrame.generated("jpeg/gen/extended_grey12_q75.dcm"));
    colour8 = EncapsulatedFrame.read(
        EncapsulatedFrame.generated("jpeg/gen/baseline_rgb8_512_422.dcm"));
  }

  @Benchmark
  public DecodedImage extendedGrey12_512x512() throws CodecException {
    return JpegDctDecoder.decode(grey12, 0, grey12.length, DecodeLimits.DEFAULT);
  }

  @Benchmark
  public DecodedImage baselineColour422_512x512() throws CodecException {
    return JpegDctDecoder.decode(colour8, 0, colour8.length, DecodeLimits.DEFAULT);
  }
}
