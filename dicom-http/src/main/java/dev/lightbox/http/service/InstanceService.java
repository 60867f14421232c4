package dev.lightbox.http.service;

import com.google.gson.JsonObject;
import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.TagPath;
import dev.lightbox.dicom.io.ByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.render.JpegEncoder;
import dev.lightbox.dicom.render.PngEncoder;
import dev.lightbox.dicom.render.RenderRequest;
import dev.lightbox.dicom.render.RenderedImage;
import dev.lightbox.dicom.render.Renderer;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.InstancePage;
import dev.lightbox.storage.index.InstanceQuery;
import dev.lightbox.storage.index.InstanceRecord;
import dev.lightbox.storage.ingest.ConflictException;
import dev.lightbox.storage.ingest.IngestRequest;
import dev.lightbox.storage.ingest.IngestResult;
import dev.lightbox.storage.ingest.Ingestor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transport-free Lightbox service: ingest, look up, query attributes, download, render and
 * delete instances by composing dicom-core (parsing, DICOM JSON, rendering) with dicom-storage
 * (blob store, index, ingest protocol). No HTTP types appear here, so a library user can ingest and
 * render without a server.
 *
 * <p>Failures the client can fix are {@link ServiceException}s; malformed DICOM is
 * {@link dev.lightbox.dicom.io.DicomParseException}; pixel problems are
 * {@link dev.lightbox.dicom.pixel.PixelDataException}; storage failures are
 * {@link StorageException}; duplicates with different content are {@link ConflictException}.
 */
public final class InstanceService {
  /** JPEG quality used when JPEG output is requested. */
  private static final float JPEG_QUALITY = 0.9f;

  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Ingestor ingestor;
  private final Path tempDir;
  private final long maxUploadBytes;
  private final RenderCache renderCache;
  private final OperationTimer timer;
  /**
   * Parsed metadata of recently queried instances, bounded by 4 Mi characters of JSON text: a
   * parsed Gson tree takes several times its text in heap, so this keeps the cache to a few tens
   * of MiB under -Xmx512m.
   */
  private final MetadataCache metadataCache = new MetadataCache(4L << 20);
  private final RenderBudget renderBudget = RenderBudget.forThisJvm();

  /**
   * @param tempDir where uploads are spooled; on the blob store's filesystem so the store can link
   *     the file instead of copying it
   * @param maxUploadBytes uploads longer than this are refused while streaming
   */
  public InstanceService(BlobStore blobs, InstanceIndex index, Path tempDir, long maxUploadBytes)
      throws IOException {
    this(blobs, index, tempDir, maxUploadBytes, new RenderCache(0), OperationTimer.NONE);
  }

  /**
   * @param renderCache rendered output kept for repeated requests (capacity 0 to disable)
   * @param timer receives store/index/render durations (metrics)
   */
  public InstanceService(BlobStore blobs, InstanceIndex index, Path tempDir, long maxUploadBytes,
      RenderCache renderCache, OperationTimer timer) throws IOException {
    this.renderCache = Objects.requireNonNull(renderCache, "renderCache");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.index = Objects.requireNonNull(index, "index");
    this.ingestor = new Ingestor(blobs, index);
    this.tempDir = Files.createDirectories(tempDir);
    // A SIGKILLed predecessor leaves its in-flight spool files here (reliability/crash test).
    UploadSpool.removeLeftovers(this.tempDir);
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("maxUploadBytes must be positive, got " + maxUploadBytes);
    }
    this.maxUploadBytes = maxUploadBytes;
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /**
   * Stores one DICOM file read from {@code body} (not closed). The body is streamed to a temporary
   * file and hashed on the way; only the header (up to Pixel Data) is parsed.
   *
   * @param replace replace a stored instance with the same SOP Instance UID but different content
   */
  public UploadResult ingest(InputStream body, boolean replace)
      throws IOException, ServiceException, ConflictException {
    UploadSpool.Spooled spooled = UploadSpool.spool(body, tempDir, maxUploadBytes);
    try {
      ParseResult parsed;
      String metadata;
      try (FileByteSource source = FileByteSource.open(spooled.file())) {
        parsed = DicomReader.read(source,
            ReadOptions.headerOnly().withBulkThreshold(MetadataDocument.INLINE_BINARY_LIMIT));
        String provisionalId = parsed.dataset().string(dev.lightbox.dicom.data.Tag.SOP_INSTANCE_UID)
            .map(String::strip).orElse("");
        metadata = MetadataDocument.build(parsed, source, "/instances/" + provisionalId + "/bulk");
      }
      IngestRequest request = IndexFields.extract(parsed, metadata, replace);
      long start = System.nanoTime();
      IngestResult result = ingestor.ingest(spooled.file(), spooled.sha256(), request);
      timer.record(OperationTimer.Operation.STORE, System.nanoTime() - start);
      return new UploadResult(result.record(), result.status(), parsed.problems());
    } finally {
      Files.deleteIfExists(spooled.file());
    }
  }

  /** The stored record for {@code id}. */
  public InstanceRecord find(String id) throws ServiceException, StorageException {
    requireValidId(id);
    long start = System.nanoTime();
    Optional<InstanceRecord> found = index.find(id);
    timer.record(OperationTimer.Operation.INDEX, System.nanoTime() - start);
    return found.orElseThrow(() -> new ServiceException.InstanceNotFound(id));
  }

  /** One page of stored instances matching {@code query}. */
  public InstancePage list(InstanceQuery query) throws StorageException {
    long start = System.nanoTime();
    InstancePage page = index.list(query);
    timer.record(OperationTimer.Operation.INDEX, System.nanoTime() - start);
    return page;
  }

  /**
   * The value at {@code path} that the attributes document gives as a BulkDataURI. Its position in
   * the file was recorded at ingest ({@link MetadataDocument}), so this is one ranged read of the
   * blob, from S3 as well, with no parsing.
   */
  public BulkValue bulk(String id, TagPath path) throws ServiceException, StorageException {
    InstanceRecord record = find(id);
    BulkDataRef ref = metadata(record).bulk(path).orElseThrow(() ->
        new ServiceException.BulkDataNotFound("instance " + id + " has no bulk data value at "
            + MetadataDocument.describe(path) + "; the attributes document lists the values "
            + "served here as BulkDataURI"));
    if (ref.offset() + ref.length() > record.size()) {
      throw new StorageException(StorageException.Reason.INTEGRITY, "bulk value at "
          + path + " (offset " + ref.offset() + ", length " + ref.length()
          + ") lies outside the stored file of " + record.size() + " bytes");
    }
    BlobKey key = BlobKey.parse(record.blobKey());
    return new BulkValue(record.sha256(), ref.length(),
        (offset, length) -> blobs.openRange(key, ref.offset() + offset, length));
  }

  /** The cache of rendered output (for metrics). */
  public RenderCache renderCache() {
    return renderCache;
  }

  /** The whole dataset of {@code id} as DICOM JSON, from the stored metadata. */
  public JsonObject attributes(String id) throws ServiceException, StorageException {
    return metadata(find(id)).dataset();
  }

  /** The top-level attributes {@code tags} of {@code id}; absent ones are left out. */
  public JsonObject attributes(String id, List<Integer> tags)
      throws ServiceException, StorageException {
    return metadata(find(id)).select(tags);
  }

  /** One attribute of {@code id} in the single-attribute form, or AttributeNotFound. */
  public JsonObject attribute(String id, TagPath path) throws ServiceException, StorageException {
    InstanceRecord record = find(id);
    return metadata(record).single(path).orElseThrow(() -> new ServiceException.AttributeNotFound(
        "attribute " + MetadataDocument.describe(path) + " is not present in instance " + id));
  }

  /** The original bytes of {@code id}, as a local file when the store has one. */
  public StoredFile openFile(String id) throws ServiceException, StorageException {
    InstanceRecord record = find(id);
    BlobKey key = BlobKey.parse(record.blobKey());
    Optional<Path> local = blobs.localPath(key);
    return new StoredFile(record, record.size(), local,
        (offset, length) -> blobs.openRange(key, offset, length));
  }

  /** Renders one frame of the stored instance {@code record} (from {@link #find}). */
  public Rendered render(InstanceRecord record, RenderParams params)
      throws IOException, ServiceException {
    if (params.bits() == 16 && params.format() == RenderParams.ImageFormat.JPEG) {
      throw new ServiceException.InvalidRequest("bits=16 is only available as PNG, not JPEG");
    }
    String cacheKey = params.etag(record.sha256());
    Optional<Rendered> cached = renderCache.get(cacheKey);
    if (cached.isPresent()) {
      return cached.get();
    }
    long start = System.nanoTime();
    Rendered rendered = renderUncached(record, params);
    timer.record(OperationTimer.Operation.RENDER, System.nanoTime() - start);
    renderCache.put(cacheKey, rendered);
    return rendered;
  }

  private Rendered renderUncached(InstanceRecord record, RenderParams params)
      throws IOException, ServiceException {
    BlobKey key = BlobKey.parse(record.blobKey());
    Optional<Path> local = blobs.localPath(key);
    Path spool = null;
    try {
      Path file;
      if (local.isPresent()) {
        file = local.get();
      } else {
        // S3 and other remote stores: spool to a temp file (streamed, never whole in memory) so the
        // parser and decoders get random access.
        spool = Files.createTempFile(tempDir, "render-", ".dcm");
        try (InputStream in = blobs.open(key)) {
          Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
        }
        file = spool;
      }
      try (ByteSource source = FileByteSource.open(file)) {
        ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
        PixelData pixels = PixelData.of(parsed, source);
        if (params.bits() == 16 && !pixels.image().monochrome()) {
          throw new ServiceException.InvalidRequest("bits=16 is only available for grayscale "
              + "images; this one is " + pixels.image().photometric());
        }
        int count = pixels.frameCount();
        if (params.frame() > count) {
          throw new ServiceException.InvalidRequest("frame " + params.frame()
              + " is past the last frame: the instance has " + count
              + (count == 1 ? " frame" : " frames") + " (numbered from 1)");
        }
        RenderRequest request = new RenderRequest(params.frame() - 1, params.window(),
            params.bits(), params.viewport(), RenderRequest.VoiPreference.FILE);
        try (RenderBudget.Lease lease = renderBudget.acquire(pixels.image().frameSamples())) {
          RenderedImage image = Renderer.render(pixels, request);
          byte[] bytes = params.format() == RenderParams.ImageFormat.JPEG
              ? JpegEncoder.encode(image, JPEG_QUALITY) : new PngEncoder().encode(image);
          return new Rendered(bytes, params.format().mediaType(), image.width(), image.height());
        }
      }
    } finally {
      if (spool != null) {
        Files.deleteIfExists(spool);
      }
    }
  }

  /** Deletes {@code id}; its blob goes once nothing refers to it. */
  public void delete(String id) throws ServiceException, StorageException {
    requireValidId(id);
    if (ingestor.delete(id).isEmpty()) {
      throw new ServiceException.InstanceNotFound(id);
    }
  }

  /** Throws if the blob store or the index cannot serve requests now. */
  public void check() throws StorageException {
    blobs.check();
    index.check();
  }

  /** Descriptions of the stores, without secrets. */
  public String describeStores() {
    return blobs.describe() + ", " + index.describe();
  }

  private static void requireValidId(String id) throws ServiceException.InvalidRequest {
    if (!IndexFields.isValidUid(id)) {
      String shown = id == null ? "nothing" : id.length() > 80 ? id.substring(0, 80) + "…" : id;
      throw new ServiceException.InvalidRequest("invalid instance id '" + shown
          + "': a SOP Instance UID is 1-64 digits and dots (PS3.5 §9.1)");
    }
  }

  private MetadataDocument metadata(InstanceRecord record) throws ServiceException, StorageException {
    String json = index.metadata(record.sopInstanceUid())
        .orElseThrow(() -> new ServiceException.InstanceNotFound(record.sopInstanceUid()));
    return metadataCache.get(record.sha256(), json, () -> MetadataDocument.parse(json));
  }
}
