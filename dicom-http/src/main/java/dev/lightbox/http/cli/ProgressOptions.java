package dev.lightbox.http.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How a long-running command shows progress: the options {@code import} and {@code verify} share. */
final class ProgressOptions {
  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (a bar on a terminal, plain lines otherwise), bar, plain or none")
  String progress;

  @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "10",
      description = "seconds between plain progress lines (default ${DEFAULT-VALUE})")
  long progressSeconds;

  /** @throws IllegalArgumentException for a mode that is not one of the four (a usage error) */
  ProgressMeter.Mode mode() {
    try {
      return ProgressMeter.Mode.valueOf(progress.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--progress must be auto, bar, plain or none, got "
          + progress);
    }
  }

  /** Time between plain progress lines, at least a second. */
  Duration interval() {
    return Duration.ofSeconds(Math.max(1, progressSeconds));
  }
}
