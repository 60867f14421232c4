package dev.lightbox.dicom.net.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk tools: to completion with a deadline, or in the background, stopped by PID. */
public final class Processes {
  private Processes() {}

  /** What a finished process did: exit code and its combined output. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code command} to completion (killed, by PID, after {@code timeout}). */
  public static Result run(Duration timeout, String... command) throws IOException,
      InterruptedException {
    return run(timeout, List.of(command));
  }

  public static Result run(Duration timeout, List<String> command) throws IOException,
      InterruptedException {
    Path log = Files.createTempFile("dcmtk-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(p);
        throw new AssertionError("timed out after " + timeout + ": " + command + "\n"
            + Files.readString(log, StandardCharsets.ISO_8859_1));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Starts {@code command} in the background, output to {@code log}. */
  public static Process start(Path log, String... command) throws IOException {
    List<String> c = new ArrayList<>(List.of(command));
    return new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Stops one process by its PID: SIGTERM, then SIGKILL after two seconds. */
  public static void stop(Process p) throws InterruptedException {
    ProcessHandle h = p.toHandle();
    h.destroy();
    if (!p.waitFor(2, TimeUnit.SECONDS)) {
      h.destroyForcibly();
      p.waitFor(2, TimeUnit.SECONDS);
    }
  }
}
