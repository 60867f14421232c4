package dev.lightbox.http;

import dev.lightbox.http.service.InstanceService;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.index.InstanceIndex;
import dev.lightbox.storage.index.SqliteInstanceIndex;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Lightbox HTTP server in single-node mode: a filesystem blob store and a SQLite index under
 * the data directory, Undertow in front. {@link #start} binds; {@link #close} stops accepting,
 * lets requests finish briefly and closes the stores.
 */
public final class LightboxServer implements AutoCloseable {
  private final ServerConfig config;
  private final BlobStore blobs;
  private final InstanceIndex index;
  private final Undertow undertow;

  private LightboxServer(ServerConfig config, BlobStore blobs, InstanceIndex index,
      Undertow undertow) {
    this.config = config;
    this.blobs = blobs;
    this.index = index;
    this.undertow = undertow;
  }

  /** Opens the stores under {@code config.dataDir()} and starts listening. */
  public static LightboxServer start(ServerConfig config) throws IOException {
    Path data = Files.createDirectories(config.dataDir());
    BlobStore blobs = FileSystemBlobStore.open(data.resolve("blobs"));
    InstanceIndex index;
    try {
      index = SqliteInstanceIndex.open(data);
    } catch (StorageException e) {
      blobs.close();
      throw e;
    }
    try {
      InstanceService service = new InstanceService(blobs, index, data.resolve("tmp"),
          config.maxUploadBytes());
      Undertow undertow = Undertow.builder()
          .addHttpListener(config.port(), config.host())
          .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) config.idleTimeout().toMillis())
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) config.idleTimeout().toMillis())
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT,
              (int) config.requestParseTimeout().toMillis())
          .setHandler(Routes.build(service))
          .build();
      undertow.start();
      return new LightboxServer(config, blobs, index, undertow);
    } catch (RuntimeException | IOException e) {
      index.close();
      blobs.close();
      throw e;
    }
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

  @Override
  public void close() {
    undertow.stop();
    index.close();
    try {
      blobs.close();
    } catch (StorageException e) {
      System.getLogger(LightboxServer.class.getName())
          .log(System.Logger.Level.WARNING, "closing the blob store failed: " + e.getMessage());
    }
  }
}
