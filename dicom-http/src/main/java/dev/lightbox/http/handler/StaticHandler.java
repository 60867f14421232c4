package dev.lightbox.http.handler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.dicom.data.DictionaryEntry;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.http.support.Etags;
import dev.lightbox.http.support.HttpStatusException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET|HEAD /} and {@code /static/*}: the browser viewer, read from the classpath folder
 * {@code static/} (packaged in the jar, so the server needs no files beside it). {@code /} is
 * {@code static/index.html}.
 *
 * <p>Only paths made of plain name segments ({@code [A-Za-z0-9_-]} plus dots, never leading) with
 * a known extension are looked up, so {@code ..}, encoded separators and directory listings can
 * never be reached; anything else is 404. Each file is read once and kept (the app is a few KiB),
 * served with a strong ETag (SHA-256 of the bytes) and {@code Cache-Control: no-cache}, so a
 * browser revalidates and gets 304 until the jar changes (RFC 9111 §5.2.2.4). Compressible files
 * are sent gzip-encoded when the client accepts it.
 *
 * <p>One resource is generated rather than read: {@code static/dictionary.json}, the tag →
 * [keyword, name] map of the server's own PS3.6 dictionary, because DICOM JSON (PS3.18 §F.2)
 * carries no keywords and the viewer's tag table shows them.
 */
public final class StaticHandler implements HttpHandler {
  private static final String ROOT = "static/";
  private static final String DICTIONARY = "dictionary.json";
  private static final Pattern SAFE_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){0,4}");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8");
  /**
   * The page loads nothing from other origins; images are fetched as blobs (so they can carry
   * auth headers) and drawn from {@code blob:} URLs.
   */
  private static final String CSP = "default-src 'self'; img-src 'self' blob: data:; "
      + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  /** A file ready to send: its bytes, gzip form (empty when not worth it), type and tag. */
  private record Resource(byte[] bytes, Optional<byte[]> gzipped, String type, String etag) {}

  private final ClassLoader loader;
  private final Map<String, Resource> cache = new ConcurrentHashMap<>();

  public StaticHandler() {
    this(StaticHandler.class.getClassLoader());
  }

  /** @param loader where {@code static/} is looked up (tests pass their own) */
  public StaticHandler(ClassLoader loader) {
    this.loader = loader;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String name = fileName(exchange.getRelativePath());
    Resource r = resource(name).orElseThrow(() -> new HttpStatusException(404, "not-found",
        "no file " + name + " in the viewer"));
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.ETAG, r.etag());
    headers.put(Headers.CACHE_CONTROL, "no-cache");
    headers.put(Headers.VARY, "Accept-Encoding");
    headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    if (r.type().startsWith("text/html")) {
      headers.put(Headers.CONTENT_SECURITY_POLICY, CSP);
      headers.put(Headers.REFERRER_POLICY, "no-referrer");
    }
    if (Etags.notModified(exchange, r.etag())) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    byte[] body = r.bytes();
    if (r.gzipped().isPresent() && acceptsGzip(exchange)) {
      body = r.gzipped().get();
      headers.put(Headers.CONTENT_ENCODING, "gzip");
    }
    headers.put(Headers.CONTENT_TYPE, r.type());
    headers.put(Headers.CONTENT_LENGTH, body.length);
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** {@code /} → index.html; {@code /static/a/b.js} → {@code a/b.js}; anything unsafe → 404. */
  static String fileName(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return "index.html";
    }
    String prefix = "/static/";
    String name = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    if (!SAFE_PATH.matcher(name).matches() || name.contains("..") || extension(name).isEmpty()) {
      throw new HttpStatusException(404, "not-found", "no file "
          + (name.length() > 100 ? name.substring(0, 100) + "…" : name) + " in the viewer");
    }
    return name;
  }

  /** Found files are kept; misses are not, so probing names cannot grow the cache. */
  private Optional<Resource> resource(String name) {
    Resource cached = cache.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Resource> loaded = load(name);
    loaded.ifPresent(r -> cache.putIfAbsent(name, r));
    return loaded;
  }

  private Optional<Resource> load(String name) {
    String type = TYPES.get(extension(name));
    if (type == null) {
      return Optional.empty();
    }
    byte[] bytes;
    if (name.equals(DICTIONARY)) {
      bytes = dictionaryJson();
    } else {
      try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
        if (in == null) {
          return Optional.empty();
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read viewer file " + name, e);
      }
    }
    boolean compressible = !type.startsWith("image/png") && !type.startsWith("image/x-icon");
    Optional<byte[]> gz = compressible && bytes.length > 512 ? Optional.of(gzip(bytes))
        : Optional.empty();
    return Optional.of(new Resource(bytes, gz, type, "\"" + sha256(bytes) + "\""));
  }

  /** {@code {"00100010": ["PatientName", "Patient's Name"], "60xx3000": [...], …}}. */
  static byte[] dictionaryJson() {
    JsonObject o = new JsonObject();
    for (DictionaryEntry e : ElementDictionary.standard().entries()) {
      JsonArray pair = new JsonArray();
      pair.add(e.keyword());
      pair.add(e.name());
      o.add(e.tagPattern().toUpperCase(java.util.Locale.ROOT).replace('X', 'x'), pair);
    }
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? name.substring(dot + 1) : "";
  }

  /** True when {@code Accept-Encoding} lists gzip without {@code q=0} (RFC 9110 §12.5.3). */
  private static boolean acceptsGzip(HttpServerExchange exchange) {
    var values = exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING);
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String coding : value.split(",")) {
        String[] parts = coding.replace(" ", "").split(";");
        if (parts[0].equalsIgnoreCase("gzip")) {
          return !(parts.length > 1 && parts[1].matches("(?i)q=0(\\.0{0,3})?"));
        }
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
