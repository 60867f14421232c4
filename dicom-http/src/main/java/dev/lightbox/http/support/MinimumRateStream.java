package dev.lightbox.http.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body that must keep up an average rate. The socket read timeout only catches a body
 * that stops; a client sending one byte every second never trips it and holds a worker thread for
 * as long as it likes (slow-loris on the body). After a grace period, a body whose average rate
 * since the start is below the minimum fails with an {@link IOException}, which the upload path
 * answers with 408 like any other incomplete body.
 */
public final class MinimumRateStream extends FilterInputStream {
  private final long minBytesPerSecond;
  private final long graceNanos;
  private final long start = System.nanoTime();
  private long seen;

  public MinimumRateStream(InputStream in, long minBytesPerSecond, Duration grace) {
    super(in);
    this.minBytesPerSecond = minBytesPerSecond;
    this.graceNanos = grace.toNanos();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    count(Math.max(0, n));
    return n;
  }

  private void count(int n) throws IOException {
    seen += n;
    long elapsed = System.nanoTime() - start;
    if (elapsed > graceNanos && seen * 1_000_000_000L / elapsed < minBytesPerSecond) {
      throw new IOException("the request body arrived at " + seen * 1_000_000_000L / elapsed
          + " bytes/s, below the minimum of " + minBytesPerSecond + " bytes/s");
    }
  }
}
