package dev.lightbox.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** java.net.http against a running server, with helpers for the shapes the API returns. */
final class TestClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();
  private final String base;

  TestClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = request(path).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> upload(Path file) throws Exception {
    return upload(file, "");
  }

  HttpResponse<byte[]> upload(Path file, String query) throws Exception {
    return send(request("/instances" + query).header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build());
  }

  static JsonObject json(HttpResponse<byte[]> r) {
    return parse(r).getAsJsonObject();
  }

  static JsonElement parse(HttpResponse<byte[]> r) {
    return JsonParser.parseString(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
