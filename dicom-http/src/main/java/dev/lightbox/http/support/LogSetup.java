package dev.lightbox.http.support;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

  public static synchronized void configure() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    ConsoleHandler console = new ConsoleHandler(); // stderr
    console.setLevel(Level.ALL);
    console.setFormatter(new OneLine());
    root.addHandler(console);
    root.setLevel(Level.INFO);
    for (String noisy : new String[] {"org.xnio", "io.undertow", "org.jboss", "com.zaxxer.hikari",
        "software.amazon.awssdk", "org.apache.http"}) {
      Logger logger = Logger.getLogger(noisy);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }
}
