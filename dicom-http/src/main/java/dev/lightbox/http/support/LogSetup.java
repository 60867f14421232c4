package dev.lightbox.http.support;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Process logging for {@code lightbox serve}: java.util.logging (SLF4J users such as HikariCP and
 * the AWS SDK reach it through slf4j-jdk14; Undertow and XNIO through jboss-logging) to stderr,
 * one line per record. Undertow, XNIO and JBoss logging are limited to warnings, so start-up prints
 * only the server's own "listening" line.
 */
public final class LogSetup {
  /** Strong references: java.util.logging holds loggers weakly and would forget their levels. */
  private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

  private LogSetup() {}

  /** One line: ISO instant, level, logger, message, and the exception's first line if any. */
  static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder sb = new StringBuilder(160);
      sb.append(Instant.ofEpochMilli(r.getMillis())).append(' ').append(r.getLevel().getName())
          .append(' ').append(r.getLoggerName()).append(' ').append(formatMessage(r));
      if (r.getThrown() != null) {
        sb.append(" (").append(r.getThrown()).append(')');
      }
      return sb.append(System.lineSeparator()).toString();
    }
  }

  /**
   * Writes records to a stream, each flushed at once except the access log's: those are written
   * in batches by {@link AccessLog}'s writer thread, which flushes once per batch
   * ({@link #flushHandlers()}). A flush per access line was one {@code write(2)} per request, 11 %
   * of the server's CPU on a hot attribute GET at 30,000 requests/s (issue 13).
   */
  static final class BatchingHandler extends StreamHandler {
    BatchingHandler(OutputStream out) {
      super(new BufferedOutputStream(out, 64 * 1024), new OneLine());
      setLevel(Level.ALL);
    }

    @Override
    public synchronized void publish(LogRecord r) {
      super.publish(r);
      if (!AccessLog.LOGGER.getName().equals(r.getLoggerName())) {
        flush();
      }
    }

    /** Flushes only: the stream is stderr, which outlives every reconfiguration. */
    @Override
    public synchronized void close() {
      flush();
    }
  }

  /** Flushes every handler of the root logger: what was published is on its way out. */
  static void flushHandlers() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.flush();
    }
  }

  public static synchronized void configure() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.addHandler(new BatchingHandler(System.err));
    root.setLevel(Level.INFO);
    for (String noisy : new String[] {"org.xnio", "io.undertow", "org.jboss", "com.zaxxer.hikari",
        "software.amazon.awssdk", "org.apache.http"}) {
      Logger logger = Logger.getLogger(noisy);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }
}
