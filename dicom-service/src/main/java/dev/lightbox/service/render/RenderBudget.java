package dev.lightbox.service.render;

import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.service.Failure;
import dev.lightbox.service.ServiceException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Heap admission for renders. Decoding a frame holds every sample as an {@code int} and the
 * pipeline adds output and encoder buffers, so one render needs memory in proportion to the frame;
 * the frame-size limit of dicom-core (2^27 samples) alone would let a 2 MiB RLE upload ask for
 * over a gigabyte and end a {@code -Xmx512m} server with OutOfMemoryError. A frame whose estimate
 * exceeds the whole budget is refused (422, limit-exceeded, naming both numbers); renders that fit
 * wait for room, up to {@code wait}, then get 503.
 */
public final class RenderBudget {
  /** Decoded int sample (4) + VOI/output buffer (up to 2 per channel) + encoder and slack. */
  static final long BYTES_PER_SAMPLE = 12;
  private static final long MIB = 1 << 20;

  private final Semaphore mebibytes;
  private final long budgetBytes;
  private final Duration wait;

  RenderBudget(long budgetBytes, Duration wait) {
    this.budgetBytes = budgetBytes;
    this.mebibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetBytes
        / MIB)), true);
    this.wait = wait;
  }

  /** The default: 60 % of the JVM's maximum heap, so caches and requests keep the rest. */
  public static RenderBudget forThisJvm() {
    return new RenderBudget(Runtime.getRuntime().maxMemory() / 10 * 6, Duration.ofSeconds(30));
  }

  /** A held share of the budget; {@link #close} returns it. */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  public Lease acquire(long frameSamples) throws PixelDataException, ServiceException {
    long need = frameSamples * BYTES_PER_SAMPLE;
    if (need > budgetBytes) {
      throw new PixelDataException(PixelDataException.Reason.LIMIT_EXCEEDED, "rendering a frame "
          + "of " + frameSamples + " samples needs about " + need / MIB + " MiB, more than this "
          + "server's render budget of " + budgetBytes / MIB + " MiB (a share of its heap, -Xmx)");
    }
    int permits = (int) Math.max(1, (need + MIB - 1) / MIB);
    try {
      if (!mebibytes.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ServiceException(Failure.BUSY, "the server is busy rendering other large frames; "
            + "retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(Failure.BUSY, "interrupted while waiting to render");
    }
    return () -> mebibytes.release(permits);
  }
}
