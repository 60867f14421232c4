package dev.lightbox.http.dicomweb;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves a built single-page site (the OHIF Viewer's dist/) on its own origin for browser tests:
 * files as they are, {@code /app-config.js} replaced, and every other path answered with
 * index.html (the app routes on the client).
 */
final class StaticSite {
  private static final Map<String, String> TYPES = Map.of("js", "text/javascript",
      "css", "text/css", "html", "text/html", "wasm", "application/wasm", "json",
      "application/json", "svg", "image/svg+xml", "png", "image/png", "woff2", "font/woff2",
      "ico", "image/x-icon");

  private StaticSite() {}

  static void serve(HttpServer server, Path root, String appConfig) {
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      String type;
      Path file = root.resolve(path.substring(1)).normalize();
      if (path.equals("/app-config.js")) {
        body = appConfig.getBytes(StandardCharsets.UTF_8);
        type = "text/javascript";
      } else if (file.startsWith(root) && Files.isRegularFile(file)) {
        body = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1),
            "application/octet-stream");
      } else {
        body = Files.readAllBytes(root.resolve("index.html"));
        type = "text/html";
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }
}
