package dev.lightbox.http.reliability;

import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lightbox server, then an OutOfMemoryError on a thread of its own, as a request that slipped
 * past every bound would raise. Args: DATA_DIR. Prints the listening line, then {@code OOM
 * thrown} if the JVM survives the error (no {@code -XX:+ExitOnOutOfMemoryError}).
 */
public final class OutOfMemoryServerMain {
  private OutOfMemoryServerMain() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(Path.of(args[0]));
    LightboxServer server = LightboxServer.start(config);
    System.out.println("Lightbox listening on " + server.baseUrl());
    Thread hog = new Thread(() -> {
      List<long[]> held = new ArrayList<>();
      try {
        while (true) {
          held.add(new long[1 << 20]);
        }
      } catch (OutOfMemoryError e) {
        held.clear();
        System.out.println("OOM thrown");
      }
    }, "heap-hog");
    hog.start();
    Thread.currentThread().join();
  }
}
