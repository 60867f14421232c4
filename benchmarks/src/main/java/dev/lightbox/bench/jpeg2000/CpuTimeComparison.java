package dev.lightbox.bench.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Decoder;
import dev.lightbox.dicom.codec.jpeg2000.Jpeg2000Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * CPU time (not wall time) per decode, minimum over rounds, of the own decoder (full and two
 * levels reduced) and jai-imageio interleaved in one thread. On the shared 2-core machine the
 * wall time of a JMH run mostly measures the other builds; a thread's CPU time does not count
 * the time it waits for a core, so these figures compare the decoders even under load (cache
 * sharing still inflates them). Compare with {@code scripts/bench/j2k-tools.sh}'s CPU times.
 * Our decoder runs with its code-blocks on the measuring thread ({@code parallel = false}), so all
 * of its CPU time is counted; the wall time of the default two-thread decode is printed beside.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar
 * dev.lightbox.bench.jpeg2000.CpuTimeComparison ROUNDS STREAM...} (paths relative to
 * target/generated-corpus/j2k; jai-imageio is skipped for HTJ2K streams, which it cannot read).
 */
public final class CpuTimeComparison {
  private CpuTimeComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Jpeg2000Limits limits = Jpeg2000Limits.of(DecodeLimits.DEFAULT);
    for (int k = 1; k < args.length; k++) {
      byte[] data = BenchInputs.read(args[k]);
      boolean jai = !args[k].endsWith(".j2c");
      long own = Long.MAX_VALUE;
      long thumb = Long.MAX_VALUE;
      long other = Long.MAX_VALUE;
      long twoThreadsWall = Long.MAX_VALUE;
      for (int r = 0; r < rounds; r++) {
        long w = System.nanoTime();
        Jpeg2000Decoder.decode(data, 0, data.length, limits, 0, true);
        twoThreadsWall = Math.min(twoThreadsWall, System.nanoTime() - w);
        long t = threads.getCurrentThreadCpuTime();
        Jpeg2000Decoder.decode(data, 0, data.length, limits, 0, false);
        own = Math.min(own, threads.getCurrentThreadCpuTime() - t);
        t = threads.getCurrentThreadCpuTime();
        Jpeg2000Decoder.decode(data, 0, data.length, limits, 2, false);
        thumb = Math.min(thumb, threads.getCurrentThreadCpuTime() - t);
        if (jai) {
          t = threads.getCurrentThreadCpuTime();
          jaiImageio(data);
          other = Math.min(other, threads.getCurrentThreadCpuTime() - t);
        }
      }
      System.out.printf("%s: own %.2f ms, own reduced by 2 levels %.2f ms%s (CPU, min of %d); "
          + "own on two threads %.2f ms wall%n", args[k], own / 1e6, thumb / 1e6,
          jai ? String.format(", jai-imageio %.2f ms", other / 1e6) : "", rounds,
          twoThreadsWall / 1e6);
    }
  }

  private static void jaiImageio(byte[] data) throws IOException, CodecException {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg2000");
    while (it.hasNext()) {
      ImageReader reader = it.next();
      if (reader.getClass().getName().startsWith("com.github.jaiimageio.")) {
        try (ImageInputStream in =
            new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
          reader.setInput(in, true, true);
          reader.readRaster(0, null);
        } finally {
          reader.dispose();
        }
        return;
      }
    }
    throw new IllegalStateException("jai-imageio JPEG 2000 reader not on the class path");
  }
}
