package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "an OutOfMemoryError can never leave a zombie": after an OutOfMemoryError the review
 * found a server whose port was open but whose accept and I/O threads were dead, for good. The
 * {@code ./lightbox} launcher now starts the JVM with {@code -XX:+ExitOnOutOfMemoryError}, so the
 * process ends (exit status 3) and a supervisor restarts it. This runs the server with exactly
 * the launcher's JVM options and raises an OutOfMemoryError inside it; without the option the same
 * process lives on after the error.
 */
class OutOfMemoryExitTest {
  @TempDir Path tmp;

  /** The {@code -X…} options of the launcher's {@code exec java} line. */
  static List<String> launcherJvmOptions() throws IOException {
    Path launcher = Path.of("..", "lightbox");
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(launcher)) {
      if (line.strip().startsWith("exec java")) {
        for (String token : line.strip().split("\\s+")) {
          if (token.startsWith("-X")) {
            options.add(token);
          }
        }
      }
    }
    return options;
  }

  private Process start(List<String> jvmOptions, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx96m");
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        OutOfMemoryServerMain.class.getName(), tmp.resolve("data-" + log.getFileName())
            .toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  @Test
  void theLauncherEndsTheProcessOnOutOfMemoryError() throws Exception {
    List<String> options = launcherJvmOptions();
    assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), "launcher options: " + options);
    Path log = tmp.resolve("with-launcher-options.log");
    Process p = start(options, log);
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server outlived its OutOfMemoryError: "
          + Files.readString(log));
      assertEquals(3, p.exitValue(), Files.readString(log));
      assertFalse(Files.readString(log).contains("OOM thrown"));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void withoutTheOptionTheSameProcessLivesOnAfterTheError() throws Exception {
    Path log = tmp.resolve("without-option.log");
    Process p = start(List.of(), log);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("OOM thrown") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(Files.readString(log).contains("OOM thrown"), Files.readString(log));
      assertTrue(p.isAlive(), "the JVM kept running after the error: the zombie the option "
          + "prevents");
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
