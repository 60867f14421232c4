package dev.lightbox.http.cli;

import dev.lightbox.http.support.LogSetup;
import dev.lightbox.service.ServiceConfig;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.Services;
import dev.lightbox.service.scrub.ScrubReport;
import dev.lightbox.service.scrub.ScrubSession;
import dev.lightbox.service.scrub.Scrubber;
import dev.lightbox.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightbox verify [--repair]}: the scrub of docs/operations.md. Opens the stores the same
 * options as {@code serve} name, re-hashes every instance's blob and lists orphan blobs. Safe while
 * servers run on the same stores. Exit codes (docs/cli.md): 0 intact, 5 damaged instances, 6
 * orphans left (and nothing damaged), 4 a store is unreachable, 2 usage.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Scrub the stores: re-hash every stored instance, report missing or corrupt "
        + "blobs and orphan blobs; --repair removes orphans (and nothing else).")
final class VerifyCommand implements Callable<Integer> {
  static final int EXIT_STORE = 4;
  static final int EXIT_DAMAGED = 5;
  static final int EXIT_ORPHANS = 6;

  @Spec CommandSpec spec;

  /** The stores, from the same options and variables as {@code serve}. */
  @Mixin StorageOptions storage;

  @Option(names = "--sweep-grace-minutes", paramLabel = "M", description = "unreferenced blobs "
      + "older than this are orphans, as for the sweeper (env LIGHTBOX_SWEEP_GRACE_MINUTES; "
      + "default 60); younger ones may be uploads in flight")
  String sweepGraceMinutes;

  @Option(names = "--repair", description = "remove orphan blobs older than the sweep grace "
      + "(never an index row: damaged instances are only reported)")
  boolean repair;

  @Mixin ProgressOptions progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogSetup.configure(); // one-line records, connection-pool chatter at WARNING, as for serve
    try {
      return run(out, err, System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      return Lightbox.EXIT_USAGE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  int run(PrintWriter out, PrintWriter err, Map<String, String> env) {
    ServiceConfig config = storage.apply(ServiceConfig.defaults(), env);
    Optional<String> grace = ServeCommand.pick(sweepGraceMinutes, env,
        "LIGHTBOX_SWEEP_GRACE_MINUTES");
    if (grace.isPresent()) {
      config = config.withSweep(Duration.ofMinutes(ServeCommand.number("--sweep-grace-minutes",
          grace.get())), config.sweepInterval());
    }
    ProgressMeter.Mode mode = progress.mode();
    if ((config.s3().isEmpty() || config.postgres().isEmpty())
        && !Files.isDirectory(config.dataDir())) {
      throw new IllegalArgumentException("no data directory " + config.dataDir()
          + " (give --data or LIGHTBOX_DATA)");
    }
    long started = System.nanoTime();
    try (ScrubSession session = Services.openScrub(config)) {
      Progress p = new Progress();
      ScrubReport report;
      try (ProgressMeter meter = ProgressMeter.start(err, mode,
          progress.interval(), l -> p.line(l))) {
        report = session.scrubber().run(repair, p);
      }
      print(out, session.stores(), report, Duration.ofNanos(System.nanoTime() - started));
      if (!report.damaged().isEmpty()) {
        return EXIT_DAMAGED;
      }
      return report.orphansLeft() > 0 ? EXIT_ORPHANS : Lightbox.EXIT_OK;
    } catch (ServiceException | StorageException e) {
      err.println("lightbox: verify failed, a store is unavailable: " + e.getMessage());
      return EXIT_STORE;
    }
  }

  /** Counters the scrubber updates and the meter reads. */
  private static final class Progress implements Scrubber.Listener {
    private volatile long rowsTotal;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private volatile boolean listing;
    private final AtomicLong blobs = new AtomicLong();
    private final AtomicLong orphans = new AtomicLong();

    @Override
    public void rowsTotal(long total) {
      rowsTotal = total;
    }

    @Override
    public void rowChecked(long b, boolean intact) {
      rows.incrementAndGet();
      bytes.addAndGet(b);
      if (!intact) {
        damaged.incrementAndGet();
      }
    }

    @Override
    public void listingBlobs() {
      listing = true;
    }

    @Override
    public void blobChecked(boolean orphan) {
      blobs.incrementAndGet();
      if (orphan) {
        orphans.incrementAndGet();
      }
    }

    String line(ProgressMeter.Line l) {
      long done = rows.get();
      long total = Math.max(rowsTotal, done);
      double fraction = total == 0 ? 1 : (double) done / total;
      String eta = ProgressMeter.eta(done, total, l.elapsed()).map(ProgressMeter::clock)
          .orElse("--:--");
      String text = String.format(Locale.ROOT, "%d/%d instances, %s hashed, %s/s, ETA %s, "
          + "%d damaged", done, total, ProgressMeter.bytes(bytes.get()),
          ProgressMeter.bytes((long) ProgressMeter.rate(bytes.get(), l.elapsed())),
          listing ? "00:00" : eta, damaged.get());
      if (listing) {
        text += String.format(Locale.ROOT, "; orphan pass: %d blobs listed, %d orphans",
            blobs.get(), orphans.get());
      }
      return l.bar() ? ProgressMeter.bar(fraction, 24) + " " + text : "verify: " + text;
    }
  }

  private static void print(PrintWriter out, String stores, ScrubReport r, Duration took) {
    out.println("verify " + stores + " in " + ProgressMeter.clock(took));
    out.printf(Locale.ROOT, "  instances checked: %d (%s re-hashed)%n", r.rowsChecked(),
        ProgressMeter.bytes(r.bytesHashed()));
    out.printf(Locale.ROOT, "  damaged:           %d%n", r.damaged().size());
    out.printf(Locale.ROOT, "  blobs listed:      %d%n", r.blobsChecked());
    out.printf(Locale.ROOT, "  orphans:           %d (%d removed)%n", r.orphans().size(),
        r.orphansRemoved());
    if (r.youngUnreferenced() > 0) {
      out.printf(Locale.ROOT, "  unreferenced blobs younger than the sweep grace: %d (left alone:"
          + " may be uploads in flight)%n", r.youngUnreferenced());
    }
    if (!r.damaged().isEmpty()) {
      out.println("damaged instances (kept in the index; restore the blob from a backup, "
          + "re-upload the original with ?replace=true, or delete the instance):");
      for (ScrubReport.Damage d : r.damaged()) {
        out.println("  " + d.sopInstanceUid() + " (tenant " + d.tenant() + "): "
            + d.problem().words() + " (" + d.blobKey() + "): " + d.detail());
      }
    }
    if (!r.orphans().isEmpty()) {
      out.println(r.orphansRemoved() > 0 ? "orphan blobs (removed unless another process "
          + "referenced them meanwhile):" : "orphan blobs (no instance refers to them; "
          + "--repair or the sweeper removes them):");
      for (String key : r.orphans()) {
        out.println("  " + key);
      }
    }
    out.flush();
  }
}
