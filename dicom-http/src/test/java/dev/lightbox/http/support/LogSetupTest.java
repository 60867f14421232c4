package dev.lightbox.http.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The server's log handler: access lines leave in batches, everything else at once. */
class LogSetupTest {
  /** Counts the writes that reach the "stderr" below the handler. */
  private static final class CountingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;
    boolean closed;

    @Override
    public void write(int b) {
      writes++;
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      closed = true;
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private static LogRecord record(Level level, String logger, String message) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName(logger);
    return r;
  }

  @Test
  void accessLinesWaitForTheBatchFlushOtherRecordsDoNot() {
    CountingStream err = new CountingStream();
    LogSetup.BatchingHandler handler = new LogSetup.BatchingHandler(err);
    String access = AccessLog.LOGGER.getName();
    for (int i = 0; i < 100; i++) {
      handler.publish(record(Level.INFO, access, "GET /health status=200 line " + i));
    }
    assertEquals(0, err.writes, "access lines are held until the batch is flushed");
    handler.flush();
    assertEquals(1, err.writes, "one write for the whole batch: " + err.writes);
    String text = err.text();
    assertEquals(100, text.lines().count(), text);
    assertTrue(text.lines().allMatch(l -> l.contains(" INFO " + access + " GET /health")), text);

    handler.publish(record(Level.WARNING, "dev.lightbox.http.server", "disk almost full"));
    assertTrue(err.text().endsWith("WARNING dev.lightbox.http.server disk almost full"
        + System.lineSeparator()), "a warning is written at once: " + err.text());
  }

  @Test
  void closingTheHandlerLeavesStderrOpen() {
    CountingStream err = new CountingStream();
    LogSetup.BatchingHandler handler = new LogSetup.BatchingHandler(err);
    handler.publish(record(Level.INFO, AccessLog.LOGGER.getName(), "GET / status=200"));
    handler.close();
    assertTrue(err.text().contains("GET / status=200"), "close flushes what was held");
    assertEquals(false, err.closed, "stderr must outlive a LogManager reset");
  }
}
