package dev.lightbox.http.cli;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lightbox serve}: runs the HTTP server with a filesystem blob store and a SQLite index
 * under the data directory until SIGTERM/SIGINT, then shuts down (stop accepting, close stores).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the Lightbox HTTP server.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", description = "interface to bind (default: ${DEFAULT-VALUE})",
      defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--port", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})",
      defaultValue = "8080")
  int port;

  @Option(names = "--data", description = "data directory (default: ${DEFAULT-VALUE})",
      defaultValue = "lightbox-data")
  Path data;

  @Option(names = "--max-upload-bytes",
      description = "largest accepted upload in bytes (default: ${DEFAULT-VALUE})",
      defaultValue = "1073741824")
  long maxUploadBytes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    try {
      config = ServerConfig.defaults().withHost(host).withPort(port).withDataDir(data)
          .withMaxUploadBytes(maxUploadBytes);
    } catch (IllegalArgumentException e) {
      err.println("lightbox: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    LightboxServer server;
    try {
      server = LightboxServer.start(config);
    } catch (Exception e) {
      err.println("lightbox: cannot start the server: " + e.getMessage());
      err.flush();
      return Lightbox.EXIT_USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "lightbox-shutdown"));
    out.println("Lightbox listening on " + server.baseUrl());
    out.flush();
    try {
      stopped.await(); // the JVM exits through the shutdown hook
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return Lightbox.EXIT_OK;
  }
}
