package dev.lightbox.http.dicomweb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a {@code multipart/related} body (RFC 2387 on RFC 2046 §5.1.1) part by part straight to
 * the response stream, so a retrieve of a whole study never holds more than the part being
 * copied. Each part has its own Content-Type (with the {@code transfer-syntax} parameter of PS3.18
 * §8.7.3.1 where it applies).
 */
final class MultipartRelatedWriter {
  private final OutputStream out;
  private final String boundary;
  private boolean closed;
  private boolean started;

  MultipartRelatedWriter(OutputStream out, String boundary) {
    this.out = out;
    this.boundary = boundary;
  }

  /** A fresh boundary that cannot occur in DICOM data by accident (a random UUID). */
  static String newBoundary() {
    return "lightbox-" + UUID.randomUUID();
  }

  /** The response Content-Type for parts of {@code type} ({@code transferSyntax} may be null). */
  static String contentType(String type, String transferSyntax, String boundary) {
    return "multipart/related; type=\"" + type + "\""
        + (transferSyntax == null ? "" : "; transfer-syntax=" + transferSyntax)
        + "; boundary=" + boundary;
  }

  /** Starts a part; the caller then writes its content to {@link #body()}. */
  void startPart(String contentType, long length, String location) throws IOException {
    StringBuilder h = new StringBuilder(started ? "\r\n--" : "--").append(boundary).append("\r\n")
        .append("Content-Type: ").append(contentType).append("\r\n");
    if (length >= 0) {
      h.append("Content-Length: ").append(length).append("\r\n");
    }
    if (location != null) {
      h.append("Content-Location: ").append(location).append("\r\n");
    }
    h.append("\r\n");
    started = true;
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  OutputStream body() {
    return out;
  }

  /** Writes the closing delimiter (RFC 2046 §5.1.1). */
  void finish() throws IOException {
    if (!closed) {
      closed = true;
      out.write(((started ? "\r\n--" : "--") + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }
}
