package dev.lightbox.http.support;

import io.undertow.server.HttpServerExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * Cuts off a request body that stops arriving. A blocking read on a worker thread has no timeout
 * of its own, and XNIO's READ_TIMEOUT makes Undertow's I/O thread spin after every request, so a
 * watchdog closes the connection once no body bytes have arrived for the stall timeout; the
 * blocked read then fails and the upload ends with 408 without storing anything (slow loris).
 */
public final class StallGuard {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lightbox-body-stall-guard");
        t.setDaemon(true);
        return t;
      });

  private final long timeoutNanos;

  public StallGuard(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("stall timeout must be positive");
    }
    this.timeoutNanos = timeout.toNanos();
  }

  /** {@code in} watched for progress until it ends, is closed, or the exchange completes. */
  public InputStream guard(HttpServerExchange exchange, InputStream in) {
    Watched watched = new Watched(in);
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos / 4);
    ScheduledFuture<?> check = TIMER.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - watched.lastProgress > timeoutNanos) {
        IoUtils.safeClose(exchange.getConnection());
        watched.stop();
      }
    }, period, period, TimeUnit.NANOSECONDS);
    watched.check = check;
    exchange.addExchangeCompleteListener((ex, next) -> {
      watched.stop();
      next.proceed();
    });
    return watched;
  }

  private static final class Watched extends FilterInputStream {
    volatile long lastProgress = System.nanoTime();
    volatile ScheduledFuture<?> check;

    Watched(InputStream in) {
      super(in);
    }

    void stop() {
      ScheduledFuture<?> c = check;
      if (c != null) {
        c.cancel(false);
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      progress(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      progress(n);
      return n;
    }

    private void progress(int n) {
      if (n < 0) {
        stop();
      } else {
        lastProgress = System.nanoTime();
      }
    }

    @Override
    public void close() throws IOException {
      stop();
      super.close();
    }
  }
}
