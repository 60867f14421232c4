package dev.lightbox.http.cli;

import dev.lightbox.http.cli.bulk.ImportJournal;
import dev.lightbox.http.cli.bulk.ImportTally;
import dev.lightbox.http.cli.bulk.Importer;
import dev.lightbox.http.cli.bulk.SourcePlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox import PATH... --url URL}: sends folders, ZIP files and DICOMDIR sets to a running
 * server (docs/cli.md "import"). Progress on stderr, the summary and every failure on stdout.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Send DICOM files (folders, ZIP files, DICOMDIRs) to a Lightbox server, "
        + "resuming where an interrupted import stopped.")
final class ImportCommand implements Callable<Integer> {
  /** The server is unreachable or refused the credentials: nothing more could be sent. */
  static final int EXIT_SERVER = 4;
  /** Some files failed (each listed with its reason); the others were imported. */
  static final int EXIT_SOME_FAILED = 5;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files, folders (walked), ZIP "
      + "files (entries streamed) and DICOMDIR files (their referenced files are sent)")
  List<Path> paths;

  @Option(names = "--url", paramLabel = "URL", description = "the server, e.g. "
      + "http://127.0.0.1:8080 (env LIGHTBOX_URL)")
  String url;

  @Option(names = "--token", paramLabel = "T", description = "send 'Authorization: Bearer T' "
      + "(env LIGHTBOX_TOKEN, which keeps it out of ps)")
  String token;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
      description = "files sent at once (default ${DEFAULT-VALUE})")
  int parallel;

  @Option(names = "--journal", paramLabel = "FILE", description = "resume journal (default: one "
      + "per server URL under $XDG_STATE_HOME/lightbox or ~/.local/state/lightbox)")
  Path journal;

  @Option(names = "--fresh", description = "forget the journal and consider every file again")
  boolean fresh;

  @Option(names = "--check-server", description = "before sending a file the journal does not "
      + "list, ask the server (GET /instances/{uid}) whether it holds the same bytes; for "
      + "resuming without the journal, e.g. from another machine")
  boolean checkServer;

  @Option(names = "--max-file-bytes", paramLabel = "BYTES", defaultValue = "1073741824",
      description = "ZIP entries declared larger than this are refused (default ${DEFAULT-VALUE},"
          + " the server's default upload limit)")
  long maxFileBytes;

  @Mixin ProgressOptions progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err, System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } catch (NoSuchFileException e) {
      err.println("lightbox: no such file or folder: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } catch (IOException e) {
      err.println("lightbox: " + e.getMessage());
      return EXIT_SOME_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("lightbox: interrupted");
      return EXIT_SOME_FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  int run(PrintWriter out, PrintWriter err, Map<String, String> env)
      throws IOException, InterruptedException {
    URI server = serverUrl(Optional.ofNullable(url).or(() -> nonBlank(env.get("LIGHTBOX_URL")))
        .orElseThrow(() -> new IllegalArgumentException("give the server with --url URL (or "
            + "LIGHTBOX_URL)")));
    Optional<String> bearer = Optional.ofNullable(token).or(() -> nonBlank(env.get(
        "LIGHTBOX_TOKEN")));
    if (parallel < 1 || parallel > 256) {
      throw new IllegalArgumentException("--parallel must be 1..256, got " + parallel);
    }
    ProgressMeter.Mode mode = progress.mode();
    Path journalFile = journal != null ? journal
        : ImportJournal.defaultFile(server.toString(), env);
    long started = System.nanoTime();
    try (SourcePlan plan = SourcePlan.of(paths, maxFileBytes);
        ImportJournal j = ImportJournal.open(journalFile, fresh)) {
      Importer importer = Importer.to(server, bearer, j, checkServer, parallel, s -> { });
      CountDownLatch reported = new CountDownLatch(1);
      // Ctrl-C: stop taking files, let those in flight finish (their acknowledgements reach the
      // journal), and print the summary before the JVM exits.
      Thread onInterrupt = new Thread(() -> {
        importer.cancel();
        try {
          reported.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "lightbox-import-interrupt");
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      Importer.Result result;
      try {
        try (ProgressMeter meter = ProgressMeter.start(err, mode,
            progress.interval(),
            l -> progressLine(importer.tally().snapshot(), l))) {
          result = importer.run(plan);
        }
        printSummary(out, result, Duration.ofNanos(System.nanoTime() - started), j);
      } finally {
        reported.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down (Ctrl-C): the hook is running
        }
      }
      if (result.fatal().isPresent()) {
        err.println("lightbox: import stopped: " + result.fatal().get());
        return EXIT_SERVER;
      }
      return result.failures().isEmpty() ? Lightbox.EXIT_OK : EXIT_SOME_FAILED;
    }
  }

  static String progressLine(ImportTally.Snapshot s, ProgressMeter.Line l) {
    long done = s.filesDone();
    double fraction = s.bytesTotal() > 0 ? (double) s.bytesDone() / s.bytesTotal()
        : s.filesTotal() > 0 ? (double) done / s.filesTotal() : 1;
    String eta = (s.bytesTotal() > 0
        ? ProgressMeter.eta(s.bytesDone(), s.bytesTotal(), l.elapsed())
        : ProgressMeter.eta(done, s.filesTotal(), l.elapsed()))
        .map(ProgressMeter::clock).orElse("--:--");
    String counts = String.format(Locale.ROOT, "%d/%d files, %s/%s, %s/s, %.1f files/s, ETA %s, "
        + "%d failed, %d skipped", done, s.filesTotal(), ProgressMeter.bytes(s.bytesDone()),
        ProgressMeter.bytes(s.bytesTotal()),
        ProgressMeter.bytes((long) ProgressMeter.rate(s.bytesDone(), l.elapsed())),
        ProgressMeter.rate(done, l.elapsed()), eta, s.failed(), s.skipped());
    if (l.bar()) {
      return ProgressMeter.bar(fraction, 24) + String.format(Locale.ROOT, " %3.0f%% ",
          fraction * 100) + counts;
    }
    return "import: " + String.format(Locale.ROOT, "%.0f%% ", fraction * 100) + counts
        + " (" + ProgressMeter.clock(l.elapsed()) + " elapsed)";
  }

  private static void printSummary(PrintWriter out, Importer.Result r, Duration took,
      ImportJournal j) {
    ImportTally.Snapshot s = r.tally();
    String state = r.fatal().isPresent() ? "stopped early"
        : r.cancelled() ? "interrupted (run the same command again to resume)" : "done";
    out.printf(Locale.ROOT, "import %s: %d of %d files in %s%n", state, s.filesDone(),
        s.filesTotal(), ProgressMeter.clock(took));
    out.printf(Locale.ROOT, "  stored:         %d%n", s.stored());
    out.printf(Locale.ROOT, "  already stored: %d (the server had the same bytes)%n",
        s.alreadyStored());
    out.printf(Locale.ROOT, "  already sent:   %d (content acknowledged before, per %s)%n",
        s.journaled(), j.file());
    out.printf(Locale.ROOT, "  not DICOM:      %d (skipped)%n", s.notDicom());
    out.printf(Locale.ROOT, "  DICOMDIR:       %d (skipped: an index of other files)%n",
        s.directories());
    out.printf(Locale.ROOT, "  failed:         %d%n", s.failed());
    out.printf(Locale.ROOT, "  sent:           %s, %.1f files/s, %s/s%n",
        ProgressMeter.bytes(s.bytesSent()), ProgressMeter.rate(s.stored() + s.alreadyStored(),
            took), ProgressMeter.bytes((long) ProgressMeter.rate(s.bytesSent(), took)));
    if (!r.failures().isEmpty()) {
      out.println("failures:");
      for (Importer.Failure f : r.failures()) {
        out.println("  " + f.label() + ": " + f.reason());
      }
    }
    out.flush();
  }

  private static URI serverUrl(String s) {
    URI u;
    try {
      u = URI.create(s.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url is not a URL: " + s);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
      throw new IllegalArgumentException("--url must be an http:// or https:// URL, got " + s);
    }
    return u;
  }

  private static Optional<String> nonBlank(String s) {
    return Optional.ofNullable(s).filter(v -> !v.isBlank());
  }
}
