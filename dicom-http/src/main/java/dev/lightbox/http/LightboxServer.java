package dev.lightbox.http;

import dev.lightbox.http.service.InstanceService;
import dev.lightbox.http.service.RenderCache;
import dev.lightbox.http.support.Metrics;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.blob.S3BlobStore;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.PostgresInstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import dev.lightbox.storage.ingest.Sweeper;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Lightbox HTTP server: blobs on the filesystem under the data directory or in S3, the index in
 * SQLite under the data directory or in PostgreSQL, Undertow in front. {@link #start} binds;
 * {@link #close} stops accepting, lets in-flight requests finish (up to the shutdown timeout) and
 * then closes the stores.
 */
public final class LightboxServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LightboxServer.class.getName());

  private final ServerConfig config;
  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;
  private final Metrics metrics;
  private final ScheduledExecutorService sweeper;
  private boolean closed;

  private LightboxServer(ServerConfig config, BlobStore blobs, InstanceIndex index,
      Undertow undertow, GracefulShutdownHandler shutdown, Metrics metrics,
      ScheduledExecutorService sweeper) {
    this.sweeper = sweeper;
    this.config = config;
    this.blobs = blobs;
    this.index = index;
    this.undertow = undertow;
    this.shutdown = shutdown;
    this.metrics = metrics;
  }

  /** Opens the stores the config names and starts listening. */
  public static LightboxServer start(ServerConfig config) throws IOException {
    Path data = Files.createDirectories(config.dataDir());
    BlobStore blobs = config.s3().isPresent() ? S3BlobStore.open(config.s3().get())
        : FileSystemBlobStore.open(data.resolve("blobs"), Clock.systemUTC(), config.durability());
    InstanceIndex index;
    try {
      index = config.postgres().isPresent() ? PostgresInstanceIndex.open(config.postgres().get())
          : SqliteInstanceIndex.open(data, config.durability());
    } catch (StorageException | RuntimeException e) {
      closeQuietly(blobs);
      throw e;
    }
    try {
      Metrics metrics = new Metrics();
      RenderCache cache = new RenderCache(config.renderCacheBytes());
      metrics.gauge("lightbox_render_cache_bytes", cache::usedBytes);
      metrics.gauge("lightbox_render_cache_entries", cache::size);
      metrics.gauge("lightbox_render_cache_hits_total", cache::hits);
      metrics.gauge("lightbox_render_cache_misses_total", cache::misses);
      InstanceService service = new InstanceService(blobs, index, data.resolve("tmp"),
          config.maxUploadBytes(), cache, metrics);
      Routes.Wiring wiring = Routes.build(service, metrics, config.corsOrigins(),
          config.bodyReadTimeout());
      // A connection with no traffic for the idle timeout is closed (keep-alive left open, a
      // client that stops reading a response). Upload bodies that stall are cut off by
      // StallGuard. XNIO's READ_TIMEOUT/WRITE_TIMEOUT socket options would cover both, but with
      // them Undertow's I/O thread busy-spins after every keep-alive request (measured: half the
      // request rate on two cores), so they are not used.
      int idle = (int) config.idleTimeout().toMillis();
      Undertow undertow = Undertow.builder()
          // 64 KiB buffers: uploads and downloads move in fewer I/O-thread hand-offs.
          .setBufferSize(64 * 1024)
          .addHttpListener(config.port(), config.host())
          .setServerOption(UndertowOptions.IDLE_TIMEOUT, idle)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT,
              (int) config.idleTimeout().toMillis())
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT,
              (int) config.requestParseTimeout().toMillis())
          // Refuse absurd header sections early (Undertow answers 400 / closes).
          .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
          .setServerOption(UndertowOptions.MAX_HEADERS, 200)
          .setServerOption(UndertowOptions.MAX_PARAMETERS, 1000)
          // No transport-level body limit: Undertow sizes the chunked decoder's limit when the
          // headers are parsed (default 2 MiB), before the upload handler can lift it, and then
          // cuts chunked uploads above 2 MiB with a bare reset. Uploads enforce their own limit
          // while streaming (413); RequestFraming refuses bodies on every other method.
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
          .setHandler(wiring.root())
          .build();
      undertow.start();
      return new LightboxServer(config, blobs, index, undertow, wiring.shutdown(), metrics,
          startSweeper(config.sweep(), blobs, index));
    } catch (RuntimeException | IOException e) {
      index.close();
      closeQuietly(blobs);
      throw e;
    }
  }

  /**
   * Schedules the orphan-blob sweeper (docs/storage.md): a crash between the blob write and the
   * index commit leaves an unreferenced blob, removed after the grace period. A daemon thread, so
   * it never holds the JVM open; a failed sweep is logged and retried at the next interval.
   */
  private static ScheduledExecutorService startSweeper(ServerConfig.Sweep sweep, BlobStore blobs,
      InstanceIndex index) {
    if (!sweep.enabled()) {
      return null;
    }
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lightbox-sweeper");
      t.setDaemon(true);
      return t;
    });
    new Sweeper(blobs, index, sweep.grace(), Clock.systemUTC())
        .scheduleEvery(executor, sweep.interval());
    return executor;
  }

  /** The bound port (the real one when the config asked for 0). */
  public int port() {
    for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
      if (info.getAddress() instanceof InetSocketAddress a) {
        return a.getPort();
      }
    }
    throw new IllegalStateException("server is not listening");
  }

  public String baseUrl() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port() + "/";
  }

  /** The server's metrics registry. */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * Graceful stop: new requests get 503, requests in flight may finish within the shutdown
   * timeout, then the listener closes and the index and blob store are closed. An upload cut off
   * by the timeout never leaves a visible partial blob (the blob store writes atomically and the
   * index row is written last, in one transaction). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdown.shutdown();
    try {
      if (!shutdown.awaitShutdown(Math.max(1, config.shutdownTimeout().toMillis()))) {
        LOG.log(Level.WARNING, "requests still running after the shutdown timeout of "
            + config.shutdownTimeout().toSeconds() + " s are being cut off");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    index.close();
    closeQuietly(blobs);
  }

  private static void closeQuietly(BlobStore blobs) {
    try {
      blobs.close();
    } catch (StorageException | RuntimeException e) {
      LOG.log(Level.WARNING, "closing the blob store failed: " + e.getMessage());
    }
  }
}
