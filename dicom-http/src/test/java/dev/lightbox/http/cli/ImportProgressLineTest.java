package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightbox.http.cli.bulk.ImportTally;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line of {@code lightbox import}: the bar on a terminal, the plain line elsewhere. */
class ImportProgressLineTest {
  // 10 files, 1000 bytes; after 10 s: 5 done (4 stored, 1 not DICOM), 500 bytes read.
  static final ImportTally.Snapshot HALF = new ImportTally.Snapshot(10, 1000, 500, 4, 0, 0, 1, 0,
      0, 400);

  @Test
  void barOnATerminal() {
    assertEquals("[############------------]  50% 5/10 files, 500 B/1000 B, 50 B/s, "
        + "0.5 files/s, ETA 00:10, 0 failed, 1 skipped",
        ImportCommand.progressLine(HALF, new ProgressMeter.Line(Duration.ofSeconds(10), true)));
  }

  @Test
  void plainLineElsewhere() {
    assertEquals("import: 50% 5/10 files, 500 B/1000 B, 50 B/s, 0.5 files/s, ETA 00:10, "
        + "0 failed, 1 skipped (00:10 elapsed)",
        ImportCommand.progressLine(HALF, new ProgressMeter.Line(Duration.ofSeconds(10), false)));
  }

  @Test
  void unitsAndClock() {
    assertEquals("1.5 GiB", ProgressMeter.bytes(3L << 29));
    assertEquals("312 KiB", ProgressMeter.bytes(312 * 1024));
    assertEquals("1:02:03", ProgressMeter.clock(Duration.ofSeconds(3723)));
  }
}
