package dev.lightbox.http.cli.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume journal: what a kill leaves behind is read back safely; one journal per server. */
class ImportJournalTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final String C = "c".repeat(64);

  @TempDir Path dir;

  @Test
  void aLineTornByAKillIsIgnoredAndTheNextHashStartsOnItsOwnLine() throws Exception {
    Path file = dir.resolve("state/j");
    try (ImportJournal j = ImportJournal.open(file, false)) {
      j.record(A);
    }
    // A kill in the middle of writing B: half a hash, no newline.
    Files.writeString(file, B.substring(0, 30), StandardCharsets.US_ASCII,
        StandardOpenOption.APPEND);
    try (ImportJournal j = ImportJournal.open(file, false)) {
      assertTrue(j.contains(A));
      assertFalse(j.contains(B));
      assertEquals(1, j.size());
      j.record(C);
    }
    try (ImportJournal j = ImportJournal.open(file, false)) {
      assertTrue(j.contains(A) && j.contains(C), Files.readString(file));
      assertEquals(2, j.size());
    }
  }

  @Test
  void freshForgetsWhatWasRecorded() throws Exception {
    Path file = dir.resolve("j");
    try (ImportJournal j = ImportJournal.open(file, false)) {
      j.record(A);
    }
    try (ImportJournal j = ImportJournal.open(file, true)) {
      assertEquals(0, j.size());
    }
    try (ImportJournal j = ImportJournal.open(file, false)) {
      assertEquals(0, j.size());
    }
  }

  @Test
  void oneDefaultJournalPerServerUnderTheStateDirectory() {
    Map<String, String> env = Map.of("XDG_STATE_HOME", dir.toString());
    Path a = ImportJournal.defaultFile("http://a.example:8080", env);
    assertEquals(dir.resolve("lightbox"), a.getParent());
    assertEquals(a, ImportJournal.defaultFile("HTTP://A.example:8080/", env));
    assertNotEquals(a, ImportJournal.defaultFile("http://b.example:8080", env));
  }
}
