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
 * Closing the connection alone did not always wake a worker parked in a blocking read (it stayed
 * parked until the client went away, then failed with a NullPointerException inside Undertow), so
 * the guard also interrupts the thread blocked in the read, which makes it fail at once.
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
        watched.interruptReader();
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
    /** The thread blocked in a read now, or null; guarded by {@code this}. */
    private Thread reader;
    private boolean interrupted;

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
      enter();
      try {
        int b = super.read();
        progress(b < 0 ? -1 : 1);
        return b;
      } finally {
        leave();
      }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      enter();
      try {
        int n = super.read(buf, off, len);
        progress(n);
        return n;
      } finally {
        leave();
      }
    }

    private synchronized void enter() throws IOException {
      if (interrupted) {
        throw new java.io.InterruptedIOException("the request body stalled");
      }
      reader = Thread.currentThread();
    }

    private synchronized void leave() {
      reader = null;
      if (interrupted) {
        Thread.interrupted(); // the worker goes back to the pool without a pending interrupt
      }
    }

    synchronized void interruptReader() {
      interrupted = true;
      if (reader != null) {
        reader.interrupt();
      }
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
