package dev.lightbox.bench.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Decoder;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Limits;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
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
 * JPEG 2000 Part 1 decoding of whole frames: our decoder (full and a 1/4-size thumbnail, two
 * levels reduced) against jai-imageio 1.4.0, the library dicom-core used before. ct693 is the
 * 512×512 16-bit CT frame of pydicom-data 693_J2KR.dcm; gray16.lrcp a synthetic 512×512 16-bit
 * CT. opj_decompress on the same files is timed by scripts/bench/j2k-tools.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Jpeg2000DecodeBenchmark {
  @Param({"bench/ct693.j2k", "enc/gray16.lrcp.j2k", "enc/rgb8.lrcp.j2k", "enc/gray16.irrev.j2k"})
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

  @Benchmark
  public DecodedImage ownThumbnailReducedBy2() throws CodecException {
    return Jpeg2000Decoder.decode(data, 0, data.length, limits, 2);
  }

  @Benchmark
  public Raster jaiImageio() throws IOException {
    ImageReader reader = jaiReader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      return reader.readRaster(0, null);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader jaiReader() {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg2000");
    while (it.hasNext()) {
      ImageReader r = it.next();
      if (r.getClass().getName().startsWith("com.github.jaiimageio.")) {
        return r;
      }
    }
    throw new IllegalStateException("jai-imageio JPEG 2000 reader not on the class path");
  }
}
