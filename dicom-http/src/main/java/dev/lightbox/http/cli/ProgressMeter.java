package dev.lightbox.http.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Shows the progress of a long command on stderr. On a terminal, one line rewritten in place with
 * {@code \r} a few times a second (a bar); otherwise (a pipe, a log file, a CI job) a plain line
 * every {@code plainEvery}, so logs stay readable. The line itself comes from {@code line}, given
 * the elapsed time and whether it is for the bar.
 */
final class ProgressMeter implements AutoCloseable {
  /** {@code --progress}: auto picks bar on a terminal, plain elsewhere. */
  enum Mode { AUTO, BAR, PLAIN, NONE }

  private static final long BAR_EVERY_MILLIS = 200;

  private final PrintWriter err;
  private final boolean bar;
  private final long everyMillis;
  private final Function<Line, String> line;
  private final long start = System.nanoTime();
  private final Thread thread;
  private volatile boolean stopped;
  private int lastWidth;

  /** What a line is drawn from. */
  record Line(Duration elapsed, boolean bar) {}

  private ProgressMeter(PrintWriter err, boolean bar, Duration plainEvery,
      Function<Line, String> line, boolean none) {
    this.err = err;
    this.bar = bar;
    this.everyMillis = bar ? BAR_EVERY_MILLIS : Math.max(100, plainEvery.toMillis());
    this.line = line;
    this.thread = none ? null : new Thread(this::loop, "lightbox-progress");
    if (thread != null) {
      thread.setDaemon(true);
      thread.start();
    }
  }

  static ProgressMeter start(PrintWriter err, Mode mode, Duration plainEvery,
      Function<Line, String> line) {
    boolean bar = mode == Mode.BAR || (mode == Mode.AUTO && interactive());
    return new ProgressMeter(err, bar, plainEvery, line, mode == Mode.NONE);
  }

  /**
   * True when stderr is a terminal. {@link System#console()} is null when stdin or stdout is
   * redirected; on JDK 22+ it may be non-null for a pipe too, so its {@code isTerminal()} (looked
   * up reflectively, the project compiles for 17) has the last word.
   */
  static boolean interactive() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a console exists only for a terminal
    }
  }

  private void loop() {
    try {
      while (!stopped) {
        Thread.sleep(everyMillis);
        if (!stopped) {
          draw(false);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void draw(boolean last) {
    String text = line.apply(new Line(Duration.ofNanos(System.nanoTime() - start), bar));
    if (bar) {
      // Pad over the previous, longer line; the final one ends with a newline.
      int pad = Math.max(0, lastWidth - text.length());
      err.print("\r" + text + " ".repeat(pad) + (last ? "\n" : ""));
      lastWidth = text.length();
    } else {
      err.println(text);
    }
    err.flush();
  }

  /** Stops updating and draws the final state once. */
  @Override
  public void close() {
    if (thread == null || stopped) {
      stopped = true;
      return;
    }
    stopped = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw(true);
  }

  // ---- formatting shared by the import and verify lines ----

  /** {@code 1.5 GiB}, {@code 312 KiB}, {@code 17 B}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  /** {@code 1:02:03} or {@code 02:03}. */
  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  /** A bar of {@code width} cells for {@code fraction} in [0, 1]. */
  static String bar(double fraction, int width) {
    int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
  }

  /** Per second over {@code elapsed}, 0 before any time passed. */
  static double rate(long amount, Duration elapsed) {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : amount / s;
  }

  /** Time left at the average rate so far, or empty while nothing is done. */
  static java.util.Optional<Duration> eta(long done, long total, Duration elapsed) {
    if (done <= 0 || total <= done) {
      return done > 0 ? java.util.Optional.of(Duration.ZERO) : java.util.Optional.empty();
    }
    double perUnit = elapsed.toNanos() / (double) done;
    return java.util.Optional.of(Duration.ofNanos((long) (perUnit * (total - done))));
  }
}
