package dev.lightbox.http.reliability;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Lightbox server with the hostile-client test's settings: 2 s to send headers, 4 s idle,
 * 2 s body stall, 8 MiB uploads. Same server code as {@code lightbox serve}, in a child JVM.
 * Args: DATA_DIR.
 */
public final class ShortTimeoutServerMain {
  static final long MAX_UPLOAD = 8L << 20;

  private ShortTimeoutServerMain() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(Path.of(args[0]))
        .withTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(2))
        .withBodyReadTimeout(Duration.ofSeconds(2)).withMaxUploadBytes(MAX_UPLOAD)
        .withShutdownTimeout(Duration.ofSeconds(1));
    LightboxServer server = LightboxServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("Lightbox listening on " + server.baseUrl());
    Thread.currentThread().join();
  }
}
