package dev.lightbox.http.dimse;

import dev.lightbox.http.testing.Ci;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs dcmtk and Orthanc for the DIMSE server tests: to completion with a deadline, or in the
 * background, always stopped by PID; the generated corpus located; expected values from dcmdump.
 * A missing tool or corpus skips locally and fails under CI (testing.Ci).
 */
public final class DcmtkRun {
  private DcmtkRun() {}

  public record Result(int exitCode, String output) {}

  public static void requireTool(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    Ci.cannotRun("tool '" + tool + "' is not installed (scripts/test.sh installs it)");
  }

  /** A file of scripts/generate-corpus.sh's dcmtk part (Explicit VR LE re-encodings). */
  public static Path generated(String name) {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path f = root.resolve("target/generated-corpus/dcmtk").resolve(name);
    Ci.require(Files.isRegularFile(f), "generated corpus file " + f + " missing (run "
        + "scripts/generate-corpus.sh target/generated-corpus)");
    return f;
  }

  public static Result run(int seconds, String... command) throws Exception {
    return run(seconds, List.of(command));
  }

  public static Result run(int seconds, List<String> command) throws Exception {
    Path log = Files.createTempFile("dimse-tool-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        stop(p);
        throw new AssertionError("timed out after " + seconds + " s: " + command + "\n"
            + Files.readString(log, StandardCharsets.ISO_8859_1));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  public static Process start(Path log, List<String> command) throws IOException {
    return new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /** SIGTERM by PID, SIGKILL after two seconds. */
  public static void stop(Process p) throws InterruptedException {
    if (p == null) {
      return;
    }
    p.toHandle().destroy();
    if (!p.waitFor(2, TimeUnit.SECONDS)) {
      p.toHandle().destroyForcibly();
      p.waitFor(2, TimeUnit.SECONDS);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** dcmdump's value of a top-level attribute, e.g. {@code value(f, "0020,000d")}; "" if absent. */
  public static String value(Path file, String tag) throws Exception {
    Result r = run(60, "dcmdump", "-q", "-Un", "+P", tag, file.toString());
    for (String line : r.output().split("\n")) {
      int open = line.indexOf('[');
      int close = line.lastIndexOf(']');
      if (line.startsWith("(") && open > 0 && close > open) {
        return line.substring(open + 1, close);
      }
    }
    return "";
  }

  /**
   * dcmdump of the data set alone: group 0002 dropped (the File Meta Information is rebuilt by
   * design), and Data Set Trailing Padding (FFFC,FFFC), which storescu does not send.
   */
  public static String datasetDump(Path file) throws Exception {
    Result r = run(60, "dcmdump", "-q", "+L", file.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("dcmdump " + file + ": " + r.output());
    }
    StringBuilder out = new StringBuilder();
    for (String line : r.output().split("\n")) {
      if (!line.startsWith("(0002,") && !line.startsWith("# ")
          && !line.startsWith("(fffc,fffc)")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
