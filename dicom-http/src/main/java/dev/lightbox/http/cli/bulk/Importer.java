package dev.lightbox.http.cli.bulk;

import dev.lightbox.storage.blob.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an import: {@code parallel} workers take the listed files in turn; each file is read once to
 * sniff and hash it (streamed), skipped when it is not DICOM, is a DICOMDIR, or its hash is in the
 * journal (or, with {@code checkServer}, the server already holds those bytes), and otherwise sent
 * and, once the server acknowledged it, recorded in the journal. A file that fails is recorded
 * with its reason and the import goes on; only a server that cannot take any file
 * ({@link Uploader.Fatal}) stops it.
 */
public final class Importer {
  /** Told about each acknowledged file (tests use it to interrupt an import at a known point). */
  public interface Listener {
    void acknowledged(ImportSource source);
  }

  /** A file that could not be imported, and why. */
  public record Failure(String label, String reason) {}

  /**
   * How the import ended.
   *
   * @param fatal why it stopped early, when the server could take no file
   * @param cancelled stopped by {@link #cancel} (an interrupt) before every file was done
   */
  public record Result(ImportTally.Snapshot tally, List<Failure> failures,
      Optional<String> fatal, boolean cancelled) {}

  private final Uploader uploader;
  private final ImportJournal journal;
  private final boolean checkServer;
  private final int parallel;
  private final Listener listener;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private volatile ImportTally tally = new ImportTally(0, 0);

  Importer(Uploader uploader, ImportJournal journal, boolean checkServer, int parallel,
      Listener listener) {
    this.uploader = Objects.requireNonNull(uploader, "uploader");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.checkServer = checkServer;
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
    }
    this.parallel = parallel;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** An importer sending to {@code server} (with the bearer {@code token}, if any). */
  public static Importer to(java.net.URI server, Optional<String> token, ImportJournal journal,
      boolean checkServer, int parallel, Listener listener) {
    return new Importer(new Uploader(Uploader.client(), server, token,
        java.time.Duration.ofMinutes(10)), journal, checkServer, parallel, listener);
  }

  /** The counters of the run in progress (for the progress display). */
  public ImportTally tally() {
    return tally;
  }

  /** Stops taking new files; those in flight finish (their acknowledgement is journaled). */
  public void cancel() {
    cancelled.set(true);
  }

  /** Imports every source of {@code plan}; its problems count as failures. */
  public Result run(SourcePlan plan) throws InterruptedException {
    List<ImportSource> sources = plan.sources();
    ImportTally t = new ImportTally(sources.size() + plan.problems().size(), plan.totalBytes());
    this.tally = t;
    for (PlanProblem p : plan.problems()) {
      fail(t, p.label(), p.reason());
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(parallel, r -> {
      Thread th = new Thread(r, "lightbox-import");
      th.setDaemon(true);
      return th;
    });
    try {
      for (int w = 0; w < parallel; w++) {
        workers.execute(() -> {
          for (int i; !cancelled.get() && (i = next.getAndIncrement()) < sources.size(); ) {
            try {
              importOne(t, sources.get(i));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              cancelled.set(true);
            } catch (Uploader.Fatal e) {
              fatal.compareAndSet(null, e.getMessage());
              cancelled.set(true);
            }
          }
        });
      }
      workers.shutdown();
      while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
        // waiting for the files in flight
      }
    } finally {
      workers.shutdownNow();
    }
    List<Failure> sorted = new ArrayList<>(failures);
    sorted.sort(Comparator.comparing(Failure::label));
    boolean stoppedEarly = cancelled.get() && fatal.get() == null
        && t.snapshot().filesDone() < t.filesTotal;
    return new Result(t.snapshot(), sorted, Optional.ofNullable(fatal.get()), stoppedEarly);
  }

  private void importOne(ImportTally t, ImportSource source)
      throws InterruptedException, Uploader.Fatal {
    Read read;
    try {
      read = read(source);
    } catch (IOException | RuntimeException e) {
      fail(t, source.label(), "unreadable: " + Uploader.message(e));
      return;
    }
    t.bytesDone.addAndGet(read.length);
    switch (read.verdict.kind()) {
      case NOT_DICOM -> {
        t.notDicom.incrementAndGet();
        return;
      }
      case DICOMDIR -> {
        t.directories.incrementAndGet();
        return;
      }
      case DICOM -> { }
    }
    if (journal.contains(read.sha256)) {
      t.journaled.incrementAndGet();
      return;
    }
    if (checkServer && read.verdict.sopInstanceUid().isPresent()
        && uploader.storedSha256(read.verdict.sopInstanceUid().get())
            .filter(read.sha256::equals).isPresent()) {
      acknowledge(t, source, read.sha256);
      t.alreadyStored.incrementAndGet();
      return;
    }
    Uploader.Answer answer;
    try {
      answer = uploader.upload(source);
    } catch (IOException | RuntimeException e) {
      fail(t, source.label(), "sending failed: " + Uploader.message(e));
      return;
    }
    if (answer instanceof Uploader.Refused r) {
      if (r.problemType().equals("not-dicom")) {
        t.notDicom.incrementAndGet(); // the server's reader has the last word on "not DICOM"
      } else {
        fail(t, source.label(), r.reason());
      }
      return;
    }
    Uploader.Stored s = (Uploader.Stored) answer;
    if (!s.sha256().equals(read.sha256)) {
      fail(t, source.label(), "the server stored bytes hashing to " + s.sha256()
          + " but the file hashed to " + read.sha256 + " (did it change while importing?)");
      return;
    }
    t.bytesSent.addAndGet(read.length);
    acknowledge(t, source, read.sha256);
    if (s.httpStatus() == 201) {
      t.stored.incrementAndGet();
    } else {
      t.alreadyStored.incrementAndGet();
    }
  }

  private void acknowledge(ImportTally t, ImportSource source, String sha256) {
    try {
      journal.record(sha256);
    } catch (IOException e) {
      // The file is stored; only a resume would send it again (and hear "already stored").
      failures.add(new Failure(journal.file().toString(), "cannot write the resume journal: "
          + Uploader.message(e)));
    }
    listener.acknowledged(source);
  }

  private void fail(ImportTally t, String label, String reason) {
    failures.add(new Failure(label, reason));
    t.failed.incrementAndGet();
  }

  private record Read(long length, String sha256, DicomSniffer.Verdict verdict) {}

  /** Reads the source once: sniffs its head and hashes all of it (unless it is not DICOM). */
  private static Read read(ImportSource source) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = source.open()) {
      byte[] buf = new byte[64 * 1024];
      int head = in.readNBytes(buf, 0, DicomSniffer.HEAD);
      DicomSniffer.Verdict verdict = DicomSniffer.classify(buf, head);
      if (verdict.kind() == DicomSniffer.Kind.NOT_DICOM) {
        return new Read(source.size(), "", verdict);
      }
      digest.update(buf, 0, head);
      long length = head;
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        length += n;
      }
      return new Read(length, Sha256.hex(digest), verdict);
    }
  }
}
