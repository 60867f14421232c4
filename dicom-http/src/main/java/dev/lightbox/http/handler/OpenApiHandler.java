package dev.lightbox.http.handler;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code GET /openapi.yaml}: the API description. The build copies {@code docs/openapi.yaml} into
 * the jar (see dicom-http/pom.xml), so the served spec and the documented one are the same file.
 */
public final class OpenApiHandler implements HttpHandler {
  /** Class-path location of the spec. */
  public static final String RESOURCE = "/dev/lightbox/http/openapi.yaml";
  private final byte[] spec;

  public OpenApiHandler() {
    this.spec = load();
  }

  /** The spec bytes from the class path. */
  public static byte[] load() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/yaml");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, spec.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(spec));
  }
}
