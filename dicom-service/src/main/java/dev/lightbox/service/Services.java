package dev.lightbox.service;

import dev.lightbox.service.auth.TokenService;
import dev.lightbox.service.catalog.CatalogService;
import dev.lightbox.service.ingest.IngestLimits;
import dev.lightbox.service.ingest.IngestService;
import dev.lightbox.service.ingest.Reindexer;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.service.query.QueryService;
import dev.lightbox.service.render.RenderCache;
import dev.lightbox.service.render.RenderService;
import dev.lightbox.service.retrieve.FrameService;
import dev.lightbox.service.retrieve.RetrieveService;
import dev.lightbox.service.scrub.ScrubSession;
import dev.lightbox.service.scrub.Scrubber;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.blob.S3BlobStore;
import dev.lightbox.storage.index.InMemoryTokenStore;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.JdbcInstanceIndex;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import dev.lightbox.storage.ingest.Ingestor;
import dev.lightbox.storage.ingest.Sweeper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The composition root: the one place that turns a {@link ServiceConfig} into a blob store, an
 * index, the ingest protocol, the sweeper and the services over them. The server, the command line
 * and tests all build through it, so nothing else chooses between filesystem and S3 or SQLite and
 * PostgreSQL, and the ingest lease and the sweeper's grace are one setting.
 *
 * <p>{@link #open} does the I/O (opening stores, migrating the index, clearing the spool); the
 * constructor only wires. Closing stops the sweeper and closes both stores.
 */
public final class Services implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Services.class.getName());

  private final ServiceConfig config;
  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Sweeper sweeper;
  private final IngestService ingest;
  private final CatalogService catalog;
  private final MetadataService metadata;
  private final RetrieveService retrieve;
  private final RenderService render;
  private final FrameService frames;
  private final QueryService query;
  private final Readiness readiness;
  private final TokenService tokens;
  private ScheduledExecutorService sweeping;
  private boolean closed;

  /**
   * Group commit of uploads is on unless {@code -Dlightbox.ingest.groupCommit=false}: a
   * diagnostic switch to measure the per-upload path it replaces (docs/performance.md). Durable
   * uploads share fsyncs and index commits; relaxed ones (no fsync) still share the lease and
   * index transactions, which saves a few percent of CPU per upload under concurrency.
   */
  private static boolean groupCommit() {
    return !"false".equals(System.getProperty("lightbox.ingest.groupCommit"));
  }

  private Services(ServiceConfig config, BlobStore blobs, InstanceIndex index, Path spoolDir,
      OperationTimer timer) {
    this.config = config;
    this.blobs = blobs;
    this.index = index;
    Clock clock = Clock.systemUTC();
    Ingestor ingestor = new Ingestor(blobs, index, config.ingestLease(), clock);
    boolean durable = config.durability().fsync();
    if (groupCommit()) {
      ingestor.withGroupCommit();
    }
    this.sweeper = new Sweeper(blobs, index, config.grace(), clock);
    this.ingest = new IngestService(ingestor, spoolDir, config.maxUploadBytes(), timer,
        IngestLimits.DEFAULTS, durable);
    this.catalog = new CatalogService(index, ingestor, timer);
    // One heap budget for every request whose memory grows with its input or output.
    MemoryBudget memory = MemoryBudget.forThisJvm();
    this.metadata = new MetadataService(catalog, instance -> storedMetadata(index, instance),
        memory, config.hotAttributes());
    // Answers kept in memory (MetadataService#hotAttributes) are dropped as soon as this node
    // deletes, stores or replaces the instance; other nodes' changes wait for the answers' TTL.
    catalog.onChange(metadata::forget);
    ingest.onChange(metadata::forget);
    this.render = new RenderService(blobs, new RenderCache(config.renderCacheBytes()), timer,
        memory);
    this.retrieve = new RetrieveService(catalog, metadata, blobs, render.budget());
    this.frames = new FrameService(catalog, blobs, render.budget());
    this.query = new QueryService(index, timer, config.personNamesCaseInsensitive());
    this.readiness = new Readiness(java.util.Map.of(Store.INDEX, index::check,
        Store.BLOB_STORE, blobs::check), READINESS_TIMEOUT, READINESS_MAX_AGE);
    // Tokens live in the index database, so every node sharing it sees the same ones; an index
    // that is no database (tests' wrappers) keeps them in memory.
    this.tokens = new TokenService(index instanceof JdbcInstanceIndex jdbc ? jdbc.tokens()
        : new InMemoryTokenStore(), clock);
  }

  /**
   * A readiness probe answers within this: Kubernetes' default probe timeout is one second, and a
   * store slower than this to answer {@code SELECT 1} or a bucket HEAD is not serving well anyway.
   */
  public static final Duration READINESS_TIMEOUT = Duration.ofMillis(800);
  /** Probes within this of the last check get its result (a probe flood costs one check). */
  public static final Duration READINESS_MAX_AGE = Duration.ofSeconds(1);

  /** Opens the stores {@code config} names and builds the services over them. */
  public static Services open(ServiceConfig config, OperationTimer timer) throws ServiceException {
    Objects.requireNonNull(timer, "timer");
    BlobStore blobs = null;
    InstanceIndex index = null;
    try {
      Path data = Files.createDirectories(config.dataDir());
      blobs = config.s3().isPresent() ? S3BlobStore.open(config.s3().get())
          : FileSystemBlobStore.open(data.resolve("blobs"), Clock.systemUTC(),
              config.durability());
      index = openIndex(config, data);
      BlobStore store = blobs;
      Reindexer.run(index, row -> BlobSources.open(store, row.blobKey(), row.size()));
      return of(config, blobs, index, timer);
    } catch (Exception e) {
      closeQuietly(index, blobs);
      throw Failures.translate(e);
    }
  }

  private static JdbcInstanceIndex openIndex(ServiceConfig config, Path data)
      throws StorageException {
    return config.postgres().isPresent()
        ? PostgresInstanceIndex.open(config.postgres().get())
        : SqliteInstanceIndex.open(data, config.durability());
  }

  /**
   * The token service alone, over the index {@code config} names (migrated if needed): what the
   * {@code token} commands need, without the blob store. Close it to close the index.
   */
  public static Tokens openTokens(ServiceConfig config) throws ServiceException {
    try {
      JdbcInstanceIndex index = openIndex(config, Files.createDirectories(config.dataDir()));
      TokenService tokens = new TokenService(index.tokens(), Clock.systemUTC());
      return new Tokens(tokens, index);
    } catch (Exception e) {
      throw Failures.translate(e);
    }
  }

  /** {@link #openTokens}' result: the token service and the index it closes with. */
  public record Tokens(TokenService service, InstanceIndex index) implements AutoCloseable {
    @Override
    public void close() {
      service.close();
      index.close();
    }
  }

  /**
   * Services over stores the caller opened (tests, in-memory stores); they are closed with the
   * services. The upload spool lives under {@code config.dataDir()/tmp}; spool files a killed
   * predecessor left there are removed.
   */
  public static Services of(ServiceConfig config, BlobStore blobs, InstanceIndex index,
      OperationTimer timer) throws ServiceException {
    try {
      Path spool = Files.createDirectories(config.dataDir().resolve("tmp"));
      // A SIGKILLed predecessor leaves its in-flight spool files here (reliability/crash test).
      IngestService.removeSpoolLeftovers(spool);
      return new Services(config, blobs, index, spool, timer);
    } catch (IOException e) {
      throw Failures.translate(e);
    }
  }

  /**
   * The stores {@code config} names, opened for {@code lightbox verify} only: unlike {@link #open}
   * nothing is cleaned up or re-indexed (a server may be running on the same stores, and its
   * in-flight spool files are not ours to remove). The scrub uses the sweeper's grace.
   */
  public static ScrubSession openScrub(ServiceConfig config) throws ServiceException {
    BlobStore blobs = null;
    InstanceIndex index = null;
    try {
      Path data = config.dataDir(); // the caller checks it exists: never create an empty one
      blobs = config.s3().isPresent() ? S3BlobStore.open(config.s3().get())
          : FileSystemBlobStore.open(data.resolve("blobs"), Clock.systemUTC(),
              config.durability());
      index = openIndex(config, data);
      InstanceIndex openedIndex = index;
      BlobStore openedBlobs = blobs;
      return new ScrubSession(new Scrubber(blobs, index, config.grace(), Clock.systemUTC()),
          blobs.describe() + ", " + index.describe(), () -> closeQuietly(openedIndex, openedBlobs));
    } catch (Exception e) {
      closeQuietly(index, blobs);
      throw Failures.translate(e);
    }
  }

  private static String storedMetadata(InstanceIndex index, StoredInstance instance)
      throws ServiceException {
    try {
      return index.metadata(instance.tenant().name(), instance.sopInstanceUid()).orElseThrow(() ->
          ServiceException.instanceNotFound(instance.sopInstanceUid()));
    } catch (Exception e) {
      throw Failures.translate(e);
    }
  }

  public ServiceConfig config() {
    return config;
  }

  public IngestService ingest() {
    return ingest;
  }

  public CatalogService catalog() {
    return catalog;
  }

  public MetadataService metadata() {
    return metadata;
  }

  public RetrieveService retrieve() {
    return retrieve;
  }

  public RenderService render() {
    return render;
  }

  public FrameService frames() {
    return frames;
  }

  public QueryService query() {
    return query;
  }

  /** Access tokens (create, list, revoke, verify); see docs/security.md. */
  public TokenService tokens() {
    return tokens;
  }

  /**
   * Schedules the orphan-blob sweeper (docs/storage.md) when the config enables it: a crash
   * between the blob write and the index commit leaves an unreferenced blob, removed after the
   * grace period. A daemon thread, so it never holds the JVM open; a failed sweep is logged and
   * retried at the next interval.
   */
  public synchronized void startSweeper() {
    if (!config.sweeperEnabled() || sweeping != null || closed) {
      return;
    }
    sweeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lightbox-sweeper");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleEvery(sweeping, config.sweepInterval());
  }

  /** Readiness of both stores for probes: bounded in time and cached (see {@link Readiness}). */
  public Readiness readiness() {
    return readiness;
  }

  /** Readiness: throws the first store that cannot serve requests now (index first). */
  public void check() throws ServiceException {
    try {
      index.check();
      blobs.check();
    } catch (Exception e) {
      throw Failures.translate(e);
    }
  }

  /**
   * The kinds of store in use ({@code filesystem, sqlite} or {@code s3, postgresql}): what a
   * health answer may show to anyone, without paths, hosts or bucket names.
   */
  public String storeKinds() {
    return (config.s3().isPresent() ? "s3" : "filesystem") + ", "
        + (config.postgres().isPresent() ? "postgresql" : "sqlite");
  }

  /** Descriptions of the stores, without secrets (for the operator's log, not for clients). */
  public String describeStores() {
    return blobs.describe() + ", " + index.describe();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sweeping != null) {
      sweeping.shutdownNow();
    }
    readiness.close();
    tokens.close();
    closeQuietly(index, blobs);
  }

  private static void closeQuietly(InstanceIndex index, BlobStore blobs) {
    if (index != null) {
      index.close();
    }
    if (blobs != null) {
      try {
        blobs.close();
      } catch (StorageException | RuntimeException e) {
        LOG.log(Level.WARNING, "closing the blob store failed: " + e.getMessage());
      }
    }
  }
}
