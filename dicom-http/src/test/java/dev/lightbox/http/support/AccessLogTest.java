package dev.lightbox.http.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The access log line keeps the format it had when it was written with String.format. */
class AccessLogTest {
  @Test
  void linesMatchTheFormattedForm() {
    long[] durations = {0, 4_999, 5_000, 9_999_999, 10_000, 123_456, 1_234_567_891L,
        99_994_999, 99_995_001, 3_600_000_000_000L};
    for (long nanos : durations) {
      String expected = String.format(Locale.ROOT,
          "%s %s status=%d duration_ms=%.2f bytes_in=%d bytes_out=%d request_id=%s%s", "GET",
          "/instances/{id}/attributes/{tagPath}", 200, nanos / 1e6, 0L, 116L, "trace-1", "");
      assertEquals(expected, AccessLog.line("GET", "/instances/{id}/attributes/{tagPath}", 200,
          nanos, 0, 116, "trace-1", null), "nanos " + nanos);
    }
    assertEquals("POST /instances status=0 duration_ms=30000.00 bytes_in=5 bytes_out=0 "
        + "request_id=r cut_off=request-timeout", AccessLog.line("POST", "/instances", 0,
        30_000_000_000L, 5, 0, "r", "request-timeout"));
  }
}
