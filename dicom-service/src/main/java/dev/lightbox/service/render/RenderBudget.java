package dev.lightbox.service.render;

import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.service.MemoryBudget;
import dev.lightbox.service.ServiceException;
import java.time.Duration;

/**
 * Heap admission for renders, a share of the server's {@link MemoryBudget}. Decoding a frame holds
 * every sample as an {@code int} and the pipeline adds output and encoder buffers, so one render
 * needs memory in proportion to the frame; the frame-size limit of dicom-core (2^27 samples) alone
 * would let a 2 MiB RLE upload ask for over a gigabyte and end a {@code -Xmx512m} server with
 * OutOfMemoryError. The output counts too: a viewport scales the image up or down with
 * double-precision intermediate rows, so {@code viewport=16384,16384} on a 128² CT asks for
 * gigabytes although the frame is tiny. A render whose estimate exceeds the whole budget is
 * refused (422, limit-exceeded, naming both numbers); renders that fit wait for room, up to the
 * budget's wait, then get 503.
 */
public final class RenderBudget {
  /** Decoded int sample (4) + VOI/output buffer (up to 2 per channel) + encoder and slack. */
  static final long BYTES_PER_SAMPLE = 12;
  /**
   * Per output sample of a resampled image: the source copied to doubles is counted with the
   * frame; the horizontal pass (8, at most the output size when enlarging) + the vertical pass (8)
   * + the 8/16-bit result (2) + the encoder's copy (2).
   */
  static final long BYTES_PER_OUTPUT_SAMPLE = 20;
  private static final long MIB = 1 << 20;

  private final MemoryBudget memory;

  RenderBudget(MemoryBudget memory) {
    this.memory = memory;
  }

  RenderBudget(long budgetBytes, Duration wait) {
    this(new MemoryBudget(budgetBytes, wait));
  }

  /** A held share of the budget; {@link #close} returns it. */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  public Lease acquire(long frameSamples) throws PixelDataException, ServiceException {
    return acquire(frameSamples, 0);
  }

  /**
   * @param frameSamples samples of the decoded frame (all channels)
   * @param outputSamples samples of the resampled output when a viewport changes the size, else 0
   */
  Lease acquire(long frameSamples, long outputSamples) throws PixelDataException,
      ServiceException {
    long need = frameSamples * BYTES_PER_SAMPLE + outputSamples * BYTES_PER_OUTPUT_SAMPLE;
    if (!memory.fits(need)) {
      throw new PixelDataException(PixelDataException.Reason.LIMIT_EXCEEDED, "rendering a frame "
          + "of " + frameSamples + " samples"
          + (outputSamples > 0 ? " to an output of " + outputSamples + " samples" : "")
          + " needs about " + (need + MIB - 1) / MIB + " MiB, more than this server's render "
          + "budget of " + memory.budgetBytes() / MIB + " MiB (a share of its heap, -Xmx)");
    }
    MemoryBudget.Lease lease = memory.acquire(need, "rendering");
    return lease::close;
  }
}
