package dev.lightbox.bench.jpeg;

import dev.lightbox.bench.rle.EncapsulatedFrame;
import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.jpeg.JpegLosslessDecoder;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lossless JPEG (process 14) decode of one frame: the project's {@link JpegLosslessDecoder}
 * against TwelveMonkeys imageio-jpeg, which dicom-core used before (reader as the old
 * ImageIoPixelDecoder drove it: raster without colour conversion, samples as int[]). Inputs from
 * scripts/corpus/render.sh (512² 12-bit CT, dcmcjpeg +e1) and scripts/corpus/jpeg-lossless.sh;
 * run from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JpegLosslessDecodeBenchmark {
  @Param({"render/bench/ct512.jpeg-sv1.dcm", "jpeg-lossless/gen/p14_sv6_grey16.dcm",
      "jpeg-lossless/gen/p14_sv4_rgb8.dcm"})
  public String input;

  private byte[] frame;
  private ImageReaderSpi twelveMonkeys;

  @Setup
  public void load() throws IOException {
    frame = EncapsulatedFrame.read(EncapsulatedFrame.generated(input));
    Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance()
        .getServiceProviders(ImageReaderSpi.class, true);
    while (it.hasNext()) {
      ImageReaderSpi spi = it.next();
      if (spi.getPluginClassName().startsWith("com.twelvemonkeys.")
          && java.util.Arrays.asList(spi.getFormatNames()).contains("jpeg")) {
        twelveMonkeys = spi;
      }
    }
    if (twelveMonkeys == null) {
      throw new IllegalStateException("TwelveMonkeys imageio-jpeg not on the class path");
    }
  }

  @Benchmark
  public DecodedImage lightbox() throws CodecException {
    return JpegLosslessDecoder.decode(frame, 0, frame.length, DecodeLimits.DEFAULT);
  }

  @Benchmark
  public int[] twelveMonkeys() throws IOException {
    ImageReader reader = twelveMonkeys.createReaderInstance();
    try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
      reader.setInput(in, true, true);
      Raster r = reader.readRaster(0, null);
      return r.getPixels(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), (int[]) null);
    } finally {
      reader.dispose();
    }
  }
}
