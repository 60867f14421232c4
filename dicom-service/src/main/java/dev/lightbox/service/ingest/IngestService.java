package dev.lightbox.service.ingest;

import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.validate.StreamingValidator;
import dev.lightbox.service.Failure;
import dev.lightbox.service.Failures;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.Tenant;
import dev.lightbox.service.metadata.MetadataDocument;
import dev.lightbox.storage.ingest.IngestRequest;
import dev.lightbox.storage.ingest.IngestResult;
import dev.lightbox.storage.ingest.Ingestor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ingest of DICOM files from any transport: a body is streamed to a spool file while it is hashed
 * and its whole structure is validated (a file cut short or broken anywhere is refused with the tag
 * path and offset {@code lightbox dump} names, and nothing of it is kept), its header is parsed once, the index fields and the metadata document are extracted, and the
 * ingest protocol (blob, then index row) stores it. Duplicates follow DESIGN.md: identical bytes
 * are {@link IngestOutcome.Status#ALREADY_STORED}, different bytes under a stored SOP Instance UID
 * are a {@link Failure#CONFLICT} unless replacement was asked for.
 */
public final class IngestService {
  private final Ingestor ingestor;
  private final Path spoolDir;
  private final long maxUploadBytes;
  private final OperationTimer timer;
  private final IngestLimits limits;
  private volatile java.util.function.BiConsumer<Tenant, String> changes = (tenant, id) -> {};
  private final boolean syncSpool;
  private final int partsInFlight = partsInFlightSetting();
  private volatile java.util.concurrent.ExecutorService finishers;

  public IngestService(Ingestor ingestor, Path spoolDir, long maxUploadBytes,
      OperationTimer timer) {
    this(ingestor, spoolDir, maxUploadBytes, timer, IngestLimits.DEFAULTS);
  }

  /**
   * @param spoolDir where bodies are spooled; on the blob store's filesystem so the store can link
   *     the file instead of copying it
   * @param maxUploadBytes bodies longer than this are refused while streaming
   */
  public IngestService(Ingestor ingestor, Path spoolDir, long maxUploadBytes,
      OperationTimer timer, IngestLimits limits) {
    this(ingestor, spoolDir, maxUploadBytes, timer, limits, false);
  }

  /**
   * @param syncSpool fsync each spool file before it is stored ({@code --durability full}): done
   *     by the upload's own thread, in parallel with other uploads, and the only fsync of the
   *     file's data ({@link Ingestor#ingestSynced}: the blob store links it without a second)
   */
  public IngestService(Ingestor ingestor, Path spoolDir, long maxUploadBytes,
      OperationTimer timer, IngestLimits limits, boolean syncSpool) {
    this.syncSpool = syncSpool;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
    this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
    this.timer = Objects.requireNonNull(timer, "timer");
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("maxUploadBytes must be positive, got " + maxUploadBytes);
    }
    this.maxUploadBytes = maxUploadBytes;
  }

  /**
   * Tells {@code listener} the tenant and SOP Instance UID of every instance stored or replaced here, after
   * its index commit (caches of answers derived from the instance drop it). Set once by the
   * composition root.
   */
  public void onChange(java.util.function.BiConsumer<Tenant, String> listener) {
    this.changes = Objects.requireNonNull(listener, "listener");
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /**
   * Stores one DICOM file read from {@code body} (not closed) in {@code tenant}.
   *
   * @param replace replace the tenant's stored instance with the same SOP Instance UID but
   *     different content (another tenant's instance of that UID is no conflict)
   */
  public IngestOutcome ingest(Tenant tenant, InputStream body, boolean replace) throws ServiceException {
    return ingest(tenant, body, replace, Optional.empty());
  }

  /**
   * Stores one DICOM file that must belong to {@code study} when given (STOW-RS to
   * {@code /studies/{study}}, PS3.18 §10.5.1): a file of another study is refused as
   * INVALID_INSTANCE and nothing of it is stored.
   */
  public IngestOutcome ingest(Tenant tenant, InputStream body, boolean replace, Optional<String> study)
      throws ServiceException {
    try {
      return store(tenant, body, replace, study);
    } catch (IdentifiedFailure f) {
      throw f.failure;
    }
  }

  /**
   * A refused file with what is known of its identity: a batch answer names the failed instance
   * when it can (STOW-RS Failed SOP Sequence, PS3.18 Annex I).
   */
  private static final class IdentifiedFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final ServiceException failure;
    final SopReference reference;

    IdentifiedFailure(ServiceException failure, SopReference reference) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
      this.reference = reference;
    }
  }

  private IngestOutcome store(Tenant tenant, InputStream body, boolean replace, Optional<String> study)
      throws IdentifiedFailure {
    return finish(tenant, receive(body, syncSpool), replace, study);
  }

  /**
   * A body spooled, hashed and validated, not yet stored; {@code synced} when its spool file was
   * already fsynced while it was written.
   */
  private record Received(UploadSpool.Spooled spooled, StreamingValidator validator,
      IngestTimes times, boolean synced) {}

  /** Reads {@code body} to its end into a spool file (the part of an ingest a transport feeds). */
  private Received receive(InputStream body, boolean sync) throws IdentifiedFailure {
    SopReference[] refusedIdentity = {SopReference.UNKNOWN};
    try {
      IngestTimes times = new IngestTimes();
      StreamingValidator validator = new StreamingValidator(ReadOptions.defaults());
      UploadSpool.Spooled spooled = UploadSpool.spool(body, spoolDir, maxUploadBytes, validator,
          times, sync, prefix -> refusedIdentity[0] = PartialHeaderIdentity.of(prefix,
              readOptions()));
      return new Received(spooled, validator, times, sync);
    } catch (Exception e) {
      throw new IdentifiedFailure(Failures.translate(e), refusedIdentity[0]);
    }
  }

  /**
   * Makes a received body durable (when this service fsyncs and it is not yet), parses its header
   * once, and stores it; the spool file is gone afterwards either way.
   */
  private IngestOutcome finish(Tenant tenant, Received received, boolean replace, Optional<String> study)
      throws IdentifiedFailure {
    SopReference known = SopReference.UNKNOWN;
    UploadSpool.Spooled spooled = received.spooled();
    IngestTimes times = received.times();
    try {
      try {
        if (syncSpool && !received.synced()) {
          long syncStart = System.nanoTime();
          try (FileChannel channel = FileChannel.open(spooled.file(), StandardOpenOption.WRITE)) {
            channel.force(true);
          }
          times.add(IngestTimes.Phase.FSYNC, System.nanoTime() - syncStart);
        }
        long parseStart = System.nanoTime();
        ParseResult parsed;
        String metadata;
        try (FileByteSource source = FileByteSource.open(spooled.file())) {
          try {
            parsed = DicomReader.read(source, readOptions());
          } catch (DicomParseException e) {
            if (e.reason() != DicomParseException.Reason.NOT_DICOM) {
              known = PartialHeaderIdentity.of(spooled.file(), readOptions());
            }
            throw e;
          }
          known = SopReference.of(parsed);
          metadata = MetadataDocument.build(parsed, source, limits);
        }
        times.add(IngestTimes.Phase.PARSE, System.nanoTime() - parseStart);
        times.report(timer);
        IngestRequest request = IndexFields.extract(parsed, metadata, replace);
        String requestStudy = request.values().getOrEmpty(
            dev.lightbox.storage.index.IndexedAttribute.STUDY_INSTANCE_UID);
        if (study.isPresent() && !study.get().equals(requestStudy)) {
          throw new ServiceException(Failure.INVALID_INSTANCE, "instance "
              + request.sopInstanceUid() + " belongs to study " + requestStudy
              + ", not to study " + study.get() + " named by the request");
        }
        long start = System.nanoTime();
        // A spool file fsynced here is not fsynced again by the blob store.
        IngestResult result = syncSpool
            ? ingestor.ingestSynced(tenant.name(), spooled.file(), spooled.sha256(), request)
            : ingestor.ingest(tenant.name(), spooled.file(), spooled.sha256(), request);
        timer.record(OperationTimer.Operation.STORE, System.nanoTime() - start);
        if (result.status() != dev.lightbox.storage.ingest.IngestStatus.ALREADY_STORED) {
          changes.accept(tenant, request.sopInstanceUid());
        }
        return new IngestOutcome(StoredInstance.of(tenant, result.record()), status(result),
            problems(parsed, received.validator()));
      } finally {
        Files.deleteIfExists(spooled.file());
      }
    } catch (Exception e) {
      throw new IdentifiedFailure(Failures.translate(e), known);
    }
  }

  /**
   * Stores every part of a batch in order. A part refused for itself (not DICOM, malformed,
   * invalid, conflicting) is recorded and the others still count; any other failure (a limit, a
   * broken or stalled body, storage down) ends the batch with that failure.
   *
   * @param maxParts more parts than this fail the batch (each one is a full ingest)
   */
  public BatchOutcome ingestAll(Tenant tenant, PartSource parts, boolean replace, int maxParts)
      throws ServiceException {
    return ingestAll(tenant, parts, replace, maxParts, Optional.empty());
  }

  /**
   * As {@link #ingestAll(Tenant, PartSource, boolean, int)}, every part required to be of {@code study}.
   * A durable service receives the next parts while earlier ones are made durable and stored
   * ({@link OverlappedBatch}, at most {@link #partsInFlight} parts at a time); the items, and
   * which failures end the batch, are the same as one part after the other.
   */
  public BatchOutcome ingestAll(Tenant tenant, PartSource parts, boolean replace, int maxParts,
      Optional<String> study) throws ServiceException {
    if (syncSpool && partsInFlight > 1) {
      return new OverlappedBatch<Receipt>(finishers(), partsInFlight).run(() -> nextPart(parts),
          maxParts, part -> receipt(part), r -> finishItem(tenant, r, replace, study));
    }
    List<BatchOutcome.Item> items = new ArrayList<>();
    for (Optional<PartSource.Part> next; (next = nextPart(parts)).isPresent(); ) {
      PartSource.Part part = next.get();
      if (items.size() == maxParts) {
        throw ServiceException.invalidRequest("at most " + maxParts + " files per request");
      }
      try {
        items.add(new BatchOutcome.Item(part.name(), Optional.of(store(tenant, part.body(), replace, study)),
            Optional.empty()));
      } catch (IdentifiedFailure f) {
        items.add(failedItem(part.name(), f));
      }
    }
    return new BatchOutcome(items);
  }

  /** A part of an overlapped batch after its receive stage: spooled, or already refused. */
  private record Receipt(String name, Received received, BatchOutcome.Item refused) {}

  private Receipt receipt(PartSource.Part part) throws ServiceException {
    try {
      // Not synced here: the finish stage's fsync is what overlaps the next part's receive.
      return new Receipt(part.name(), receive(part.body(), false), null);
    } catch (IdentifiedFailure f) {
      return new Receipt(part.name(), null, failedItem(part.name(), f));
    }
  }

  private BatchOutcome.Item finishItem(Tenant tenant, Receipt receipt, boolean replace,
      Optional<String> study)
      throws ServiceException {
    if (receipt.refused() != null) {
      return receipt.refused();
    }
    try {
      return new BatchOutcome.Item(receipt.name(),
          Optional.of(finish(tenant, receipt.received(), replace, study)), Optional.empty());
    } catch (IdentifiedFailure f) {
      return failedItem(receipt.name(), f);
    }
  }

  /** The item of a part refused for itself; any other failure ends the batch (thrown). */
  private static BatchOutcome.Item failedItem(String name, IdentifiedFailure f)
      throws ServiceException {
    if (!f.failure.failure().itemScoped()) {
      throw f.failure;
    }
    return new BatchOutcome.Item(name, Optional.empty(), Optional.of(f.failure), f.reference);
  }

  /**
   * Parts of one batch received or being stored at the same time ({@code
   * -Dlightbox.stow.partsInFlight}, default 3; 1 turns the overlap off): each holds one spool
   * file, so this bounds a request's disk use as well as its threads.
   */
  static int partsInFlightSetting() {
    String v = System.getProperty("lightbox.stow.partsInFlight", "3");
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1 && n <= 64) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("lightbox.stow.partsInFlight must be 1..64, got " + v);
  }

  /** Finish-stage threads, shared by every batch; idle ones end after a minute. */
  private java.util.concurrent.ExecutorService finishers() {
    java.util.concurrent.ExecutorService pool = finishers;
    if (pool == null) {
      synchronized (this) {
        if (finishers == null) {
          java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
          finishers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lightbox-ingest-finish-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
        }
        pool = finishers;
      }
    }
    return pool;
  }

  private static Optional<PartSource.Part> nextPart(PartSource parts) throws ServiceException {
    try {
      return parts.next();
    } catch (MalformedBodyException e) {
      throw new ServiceException(Failure.MALFORMED_BODY, e.getMessage(), e);
    } catch (IOException e) {
      throw new ServiceException(Failure.BODY_INCOMPLETE,
          "the request body could not be read completely: " + e.getMessage(), e);
    }
  }

  /**
   * Header only, values over the inline binary limit left in the file, and this service's
   * {@link IngestLimits}: element count, loaded value length, inflated header size.
   */
  private ReadOptions readOptions() {
    ReadOptions base = ReadOptions.headerOnly();
    return base.withBulkThreshold(MetadataDocument.INLINE_BINARY_LIMIT)
        .withMaxElements(limits.maxElements())
        .withMaxValueLength(limits.maxLoadedValueBytes())
        .withDeflateLimits(limits.maxInflatedHeaderBytes(), base.maxDeflateRatio());
  }

  /**
   * The header parse's repairs, then the validator's past where the header parse stopped (the
   * validator also saw the header; those repairs would be listed twice).
   */
  private static List<ParseProblem> problems(ParseResult parsed, StreamingValidator validator) {
    if (!parsed.stoppedEarly()) {
      return parsed.problems();
    }
    List<ParseProblem> all = new ArrayList<>(parsed.problems());
    for (ParseProblem p : validator.problems()) {
      if (p.offset() >= parsed.endOffset()) {
        all.add(p);
      }
    }
    return all;
  }

  private static IngestOutcome.Status status(IngestResult result) {
    return switch (result.status()) {
      case STORED -> IngestOutcome.Status.STORED;
      case ALREADY_STORED -> IngestOutcome.Status.ALREADY_STORED;
      case REPLACED -> IngestOutcome.Status.REPLACED;
    };
  }

  /** Removes spool files a killed predecessor left (see {@link UploadSpool#removeLeftovers}). */
  public static int removeSpoolLeftovers(Path spoolDir) throws IOException {
    return UploadSpool.removeLeftovers(spoolDir);
  }
}
