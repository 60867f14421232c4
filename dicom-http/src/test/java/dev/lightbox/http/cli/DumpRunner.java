package dev.lightbox.http.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs {@code lightbox dump FILE} in-process for tests outside this package. */
public final class DumpRunner {
  private DumpRunner() {}

  /** Exit status and standard error of one dump (its JSON output is discarded). */
  public record Dumped(int exit, String err) {}

  public static synchronized Dumped dump(Path file) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream(), true,
          StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Lightbox.run("dump", file.toString());
      return new Dumped(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
