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
import dev.lightbox.service.metadata.MetadataDocument;
import dev.lightbox.storage.ingest.IngestRequest;
import dev.lightbox.storage.ingest.IngestResult;
import dev.lightbox.storage.ingest.Ingestor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private volatile java.util.function.Consumer<String> changes = id -> {};
  private final boolean syncSpool;

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
   *     by the upload's own thread, in parallel with other uploads, so the group commit that
   *     follows finds the data already on disk
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
   * Tells {@code listener} the SOP Instance UID of every instance stored or replaced here, after
   * its index commit (caches of answers derived from the instance drop it). Set once by the
   * composition root.
   */
  public void onChange(java.util.function.Consumer<String> listener) {
    this.changes = Objects.requireNonNull(listener, "listener");
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /**
   * Stores one DICOM file read from {@code body} (not closed).
   *
   * @param replace replace a stored instance with the same SOP Instance UID but different content
   */
  public IngestOutcome ingest(InputStream body, boolean replace) throws ServiceException {
    return ingest(body, replace, Optional.empty());
  }

  /**
   * Stores one DICOM file that must belong to {@code study} when given (STOW-RS to
   * {@code /studies/{study}}, PS3.18 §10.5.1): a file of another study is refused as
   * INVALID_INSTANCE and nothing of it is stored.
   */
  public IngestOutcome ingest(InputStream body, boolean replace, Optional<String> study)
      throws ServiceException {
    try {
      return store(body, replace, study);
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

  private IngestOutcome store(InputStream body, boolean replace, Optional<String> study)
      throws IdentifiedFailure {
    SopReference known = SopReference.UNKNOWN;
    try {
      IngestTimes times = new IngestTimes();
      StreamingValidator validator = new StreamingValidator(ReadOptions.defaults());
      SopReference[] refusedIdentity = {SopReference.UNKNOWN};
      UploadSpool.Spooled spooled;
      try {
        spooled = UploadSpool.spool(body, spoolDir, maxUploadBytes, validator, times, syncSpool,
            prefix -> refusedIdentity[0] = PartialHeaderIdentity.of(prefix, readOptions()));
      } finally {
        known = refusedIdentity[0];
      }
      try {
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
        IngestResult result = ingestor.ingest(dev.lightbox.storage.index.InstanceIndex.DEFAULT_TENANT, spooled.file(), spooled.sha256(), request);
        timer.record(OperationTimer.Operation.STORE, System.nanoTime() - start);
        if (result.status() != dev.lightbox.storage.ingest.IngestStatus.ALREADY_STORED) {
          changes.accept(request.sopInstanceUid());
        }
        return new IngestOutcome(StoredInstance.of(result.record()), status(result),
            problems(parsed, validator));
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
  public BatchOutcome ingestAll(PartSource parts, boolean replace, int maxParts)
      throws ServiceException {
    return ingestAll(parts, replace, maxParts, Optional.empty());
  }

  /** As {@link #ingestAll(PartSource, boolean, int)}, every part required to be of {@code study}. */
  public BatchOutcome ingestAll(PartSource parts, boolean replace, int maxParts,
      Optional<String> study) throws ServiceException {
    List<BatchOutcome.Item> items = new ArrayList<>();
    for (Optional<PartSource.Part> next; (next = nextPart(parts)).isPresent(); ) {
      PartSource.Part part = next.get();
      if (items.size() == maxParts) {
        throw ServiceException.invalidRequest("at most " + maxParts + " files per request");
      }
      try {
        items.add(new BatchOutcome.Item(part.name(), Optional.of(store(part.body(), replace, study)),
            Optional.empty()));
      } catch (IdentifiedFailure f) {
        if (!f.failure.failure().itemScoped()) {
          throw f.failure;
        }
        items.add(new BatchOutcome.Item(part.name(), Optional.empty(), Optional.of(f.failure),
            f.reference));
      }
    }
    return new BatchOutcome(items);
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
