package dev.lightbox.http.reliability;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server as a child process: {@code java -Xmx512m … lightbox serve --port 0}, from the
 * shaded jar when {@code -Dlightbox.server.jar=PATH} is given (the long-run scripts), else from
 * this test JVM's class path (the normal test run, where {@code package} has not run yet). Output
 * goes to a log file; {@link #kill} is SIGKILL ({@link Process#destroyForcibly} on Linux).
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Lightbox listening on (http://\\S+/)");

  private final Process process;
  private final String baseUrl;
  private final Path log;

  private ServerProcess(Process process, String baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /** Starts {@code serve --port 0 --data DATA EXTRA…} and waits for its listening line. */
  static ServerProcess start(Path data, Path log, List<String> extraArgs, Map<String, String> env)
      throws IOException {
    return start(List.of(), data, log, extraArgs, env);
  }

  /** As above with extra JVM options (after the defaults, so {@code -Xmx…} here wins). */
  static ServerProcess start(List<String> jvmOptions, Path data, Path log, List<String> extraArgs,
      Map<String, String> env) throws IOException {
    List<String> cmd = javaCommand();
    cmd.addAll(jvmOptions);
    String jar = System.getProperty("lightbox.server.jar", "");
    if (!jar.isBlank()) {
      cmd.add("-jar");
      cmd.add(jar);
    } else {
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("dev.lightbox.http.cli.Lightbox");
    }
    cmd.addAll(List.of("serve", "--port", "0", "--data", data.toString()));
    cmd.addAll(extraArgs);
    return launch(cmd, log, env);
  }

  /**
   * Runs {@code mainClass} from the test class path under the same JVM options, for servers that
   * need settings the command line does not expose (short parse/idle timeouts).
   */
  static ServerProcess startMain(Class<?> mainClass, Path log, List<String> args)
      throws IOException {
    List<String> cmd = javaCommand();
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return launch(cmd, log, Map.of());
  }

  private static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    // An OutOfMemoryError must end the process visibly, not leave a half-working server.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    return cmd;
  }

  private static ServerProcess launch(List<String> cmd, Path log, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Files.createDirectories(log.getParent());
    Process p = pb.start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread pump = new Thread(() -> pump(p, log, url), "server-output-" + p.pid());
    pump.setDaemon(true);
    pump.start();
    try {
      return new ServerProcess(p, url.get(60, TimeUnit.SECONDS), log);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("server did not start (see " + log + "): " + e + "; its output ends:\n"
          + tail(log), e);
    }
  }

  /** The last lines of a server log, for failure messages (the log may be gone with its TempDir). */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void pump(Process p, Path log, CompletableFuture<String> url) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      url.completeExceptionally(new UncheckedIOException(e));
    }
    url.completeExceptionally(new IOException("server exited with " + exitCode(p)));
  }

  private static String exitCode(Process p) {
    try {
      return String.valueOf(p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : "?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  int port() {
    return Integer.parseInt(baseUrl.replaceAll(".*:(\\d+)/$", "$1"));
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** SIGKILL, then waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM ({@link Process#destroy} on Linux): the server drains, then exits. */
  void terminate() {
    process.destroy();
  }

  /** The exit status once the process has ended within {@code timeout}; empty if still running. */
  java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
  }

  /** Open file descriptors of the server process (Linux /proc), or -1 when unknown. */
  long openFileDescriptors() {
    File fd = new File("/proc/" + process.pid() + "/fd");
    String[] list = fd.list();
    return list == null ? -1 : list.length;
  }

  /** Resident memory of the server process in KiB (Linux /proc VmRSS), or -1 when unknown. */
  long residentKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  @Override
  public void close() {
    kill();
  }
}
