package dev.lightbox.storage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs the test mounts itself (needs root, as CI runs): a real second filesystem, and a
 * real full one, so ENOSPC comes from the kernel rather than from a fake exception. When it cannot
 * be mounted the test skips locally and fails under CI ({@link Ci}).
 */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code kibibytes} KiB on a new directory under {@code parent}. */
  public static Tmpfs mount(Path parent, int kibibytes) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(parent, "tmpfs");
    String output = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kibibytes + "k,mode=0700",
        "tmpfs", dir.toString()));
    Ci.require(output == null, "cannot mount a tmpfs at " + dir + " (needs root): " + output);
    return new Tmpfs(dir);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String output = run(List.of("umount", dir.toString()));
    if (output != null) {
      throw new IOException("umount " + dir + " failed: " + output);
    }
    Files.deleteIfExists(dir);
  }

  /** Runs a command; null on success, else its output (or the failure to start it). */
  private static String run(List<String> command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
      return p.exitValue() == 0 ? null : out.strip();
    } catch (IOException e) {
      return e.toString();
    }
  }
}
