package dev.lightbox.http.cli.bulk;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one file to the server's upload route, {@code POST /instances} with an
 * {@code application/dicom} body (docs/http-api.md), streamed from disk or from the ZIP entry with
 * its length declared, and reads the answer. A {@code 503} (the server's upload gate is full) is
 * retried after its {@code Retry-After}; a refused or reset connection is retried with back-off, and
 * when the server stays unreachable, or refuses the credentials (401, 403), the import cannot go
 * on: {@link Fatal}.
 */
final class Uploader {
  /** Attempts for one file while the server answers 503 (busy) or the connection fails. */
  static final int ATTEMPTS = 6;

  /** The server cannot take any file (unreachable, or the token is refused): stop the import. */
  static final class Fatal extends Exception {
    Fatal(String message) {
      super(message);
    }
  }

  /** The server's answer to one upload. */
  sealed interface Answer permits Stored, Refused {}

  /** 201 stored, or 200 already stored / replaced, with the SHA-256 the server computed. */
  record Stored(int httpStatus, String status, String sha256) implements Answer {}

  /** Any other final answer, with the problem's reason. */
  record Refused(int httpStatus, String problemType, String reason) implements Answer {}

  private final HttpClient http;
  private final String base;
  private final Optional<String> token;
  private final Duration timeout;

  Uploader(HttpClient http, URI base, Optional<String> token, Duration timeout) {
    this.http = http;
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.token = token;
    this.timeout = timeout;
  }

  /** An HTTP/1.1 client (no h2c upgrade dance before every body) with a connect timeout. */
  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  Answer upload(ImportSource source) throws IOException, InterruptedException, Fatal {
    for (int attempt = 1; ; attempt++) {
      HttpRequest.BodyPublisher body;
      if (source.file().isPresent()) {
        body = HttpRequest.BodyPublishers.ofFile(source.file().get());
      } else {
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
          try {
            return source.open();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        // With the length declared the server can refuse an oversized file before reading it;
        // an unknown length is sent chunked.
        body = source.size() > 0
            ? HttpRequest.BodyPublishers.fromPublisher(stream, source.size()) : stream;
      }
      HttpRequest.Builder request = request("/instances")
          .header("Content-Type", "application/dicom").POST(body);
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (attempt >= ATTEMPTS) {
          throw new Fatal("the server at " + base + " is unreachable (" + ATTEMPTS
              + " attempts): " + (e instanceof ConnectException && e.getMessage() == null
                  ? "connection refused" : message(e)));
        }
        backOff(attempt, Optional.empty());
        continue;
      }
      int status = response.statusCode();
      if (status == 503 && attempt < ATTEMPTS) {
        backOff(attempt, response.headers().firstValue("Retry-After"));
        continue;
      }
      if (status == 401 || status == 403) {
        throw new Fatal("the server refused the upload (" + status + "): " + reason(response)
            + (token.isEmpty() ? "; give a token with --token or LIGHTBOX_TOKEN" : ""));
      }
      if (status == 200 || status == 201) {
        JsonObject o = JsonParser.parseString(response.body()).getAsJsonObject();
        return new Stored(status, string(o, "status").orElse(status == 201 ? "stored" : "ok"),
            string(o, "sha256").orElse(""));
      }
      return new Refused(status, problemType(response), reason(response));
    }
  }

  /**
   * The SHA-256 the server holds for {@code sopInstanceUid} ({@code GET /instances/{id}}), empty
   * when it has no such instance or does not answer plainly.
   */
  Optional<String> storedSha256(String sopInstanceUid) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(request("/instances/"
          + URLEncoder.encode(sopInstanceUid, StandardCharsets.UTF_8)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return string(JsonParser.parseString(r.body()).getAsJsonObject(), "sha256");
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the upload that follows reports the real failure
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private static void backOff(int attempt, Optional<String> retryAfter)
      throws InterruptedException {
    long millis = retryAfter.flatMap(Uploader::seconds).map(s -> s * 1000)
        .orElse(250L << Math.min(attempt, 6));
    Thread.sleep(Math.min(millis, 30_000));
  }

  private static Optional<Long> seconds(String v) {
    try {
      return Optional.of(Math.max(0, Long.parseLong(v.strip())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The problem's type name (the last segment of its type URI), or {@code http-NNN}. */
  private static String problemType(HttpResponse<String> r) {
    return problem(r).flatMap(o -> string(o, "type"))
        .map(t -> t.substring(t.lastIndexOf('/') + 1)).orElse("http-" + r.statusCode());
  }

  /** One line: the problem's detail (else title), prefixed by the status. */
  private static String reason(HttpResponse<String> r) {
    Optional<JsonObject> p = problem(r);
    String text = p.flatMap(o -> string(o, "detail")).or(() -> p.flatMap(o -> string(o, "title")))
        .orElseGet(() -> r.body() == null || r.body().isBlank() ? "no explanation"
            : r.body().strip().lines().findFirst().orElse(""));
    if (text.length() > 300) {
      text = text.substring(0, 300) + "…";
    }
    return "HTTP " + r.statusCode() + ": " + text;
  }

  private static Optional<JsonObject> problem(HttpResponse<String> r) {
    try {
      JsonElement e = JsonParser.parseString(r.body());
      return e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || !e.isJsonPrimitive() ? Optional.empty() : Optional.of(e.getAsString());
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
