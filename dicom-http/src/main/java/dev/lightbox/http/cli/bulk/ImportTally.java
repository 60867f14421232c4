package dev.lightbox.http.cli.bulk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of an import, read by the progress display while the workers update them. Every
 * listed file ends in exactly one outcome; {@link #filesDone} is their sum.
 */
public final class ImportTally {
  final long filesTotal;
  final long bytesTotal;
  final AtomicLong bytesDone = new AtomicLong();
  final AtomicLong stored = new AtomicLong();
  final AtomicLong alreadyStored = new AtomicLong();
  final AtomicLong journaled = new AtomicLong();
  final AtomicLong notDicom = new AtomicLong();
  final AtomicLong directories = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong bytesSent = new AtomicLong();

  ImportTally(long filesTotal, long bytesTotal) {
    this.filesTotal = filesTotal;
    this.bytesTotal = bytesTotal;
  }

  /** A consistent-enough copy for one progress line or the summary. */
  public Snapshot snapshot() {
    return new Snapshot(filesTotal, bytesTotal, bytesDone.get(), stored.get(), alreadyStored.get(),
        journaled.get(), notDicom.get(), directories.get(), failed.get(), bytesSent.get());
  }

  /**
   * @param stored new instances (201)
   * @param alreadyStored the server already had these exact bytes (its 200, or found with
   *     {@code --check-server} before sending)
   * @param journaled skipped because the journal lists their hash: an earlier run, or this one
   *     (the same content under another name), already had it acknowledged
   * @param notDicom skipped: not DICOM
   * @param directories skipped: DICOMDIR files (an index of other files, not an instance)
   * @param failed read errors, refusals by the server, unreadable entries
   * @param bytesSent bytes of the files actually sent
   */
  public record Snapshot(long filesTotal, long bytesTotal, long bytesDone, long stored,
      long alreadyStored, long journaled, long notDicom, long directories, long failed,
      long bytesSent) {

    public long filesDone() {
      return stored + alreadyStored + journaled + notDicom + directories + failed;
    }

    public long skipped() {
      return notDicom + directories;
    }
  }
}
