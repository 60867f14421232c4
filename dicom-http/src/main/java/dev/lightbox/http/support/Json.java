package dev.lightbox.http.support;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import dev.lightbox.service.JsonWritable;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes JSON response bodies, gzip-compressed when the client accepts gzip (RFC 9110 §8.4.1,
 * §12.5.3) and the body is large enough for compression to pay.
 */
public final class Json {
  public static final String MEDIA_TYPE = "application/json";
  public static final String DICOM_JSON = "application/dicom+json";
  /** Below this a gzip header and trailer cost more than they save. */
  static final int GZIP_MIN_BYTES = 512;
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private Json() {}

  public static void send(HttpServerExchange exchange, int status, JsonElement body) {
    send(exchange, status, MEDIA_TYPE, body);
  }

  public static void send(HttpServerExchange exchange, int status, String mediaType,
      JsonElement body) {
    sendBytes(exchange, status, mediaType, GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a document a service streams into a writer (metadata, written from its stored form). */
  public static void send(HttpServerExchange exchange, int status, String mediaType,
      JsonWritable body) throws IOException {
    sendBytes(exchange, status, mediaType, body.toUtf8());
  }

  /**
   * Sends JSON already encoded as UTF-8 (kept answers); {@code bytes} is not modified, so a shared
   * array may be passed. Safe on the I/O thread when {@link #wouldCompress} is false.
   */
  public static void sendEncoded(HttpServerExchange exchange, int status, String mediaType,
      byte[] bytes) {
    sendBytes(exchange, status, mediaType, bytes);
  }

  /** True when a body of {@code length} bytes would be gzip-compressed for this request. */
  public static boolean wouldCompress(HttpServerExchange exchange, int length) {
    return length >= GZIP_MIN_BYTES && acceptsGzip(
        exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING));
  }

  private static void sendBytes(HttpServerExchange exchange, int status, String mediaType,
      byte[] bytes) {
    exchange.setStatusCode(status);
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, mediaType);
    headers.add(Headers.VARY, "Accept-Encoding");
    if (wouldCompress(exchange, bytes.length)) {
      bytes = gzip(bytes);
      headers.put(Headers.CONTENT_ENCODING, "gzip");
    }
    headers.put(Headers.CONTENT_LENGTH, bytes.length);
    WholeResponse.send(exchange, java.nio.ByteBuffer.wrap(bytes));
  }

  /** True when some {@code Accept-Encoding} member is gzip (or *) with a non-zero q. */
  static boolean acceptsGzip(Iterable<String> acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String header : acceptEncoding) {
      for (String member : header.split(",")) {
        String[] parts = member.split(";");
        String coding = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
          continue;
        }
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].strip();
          if (p.startsWith("q=")) {
            try {
              q = Double.parseDouble(p.substring(2));
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        if (q > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip failed", e);
    }
    return out.toByteArray();
  }
}
