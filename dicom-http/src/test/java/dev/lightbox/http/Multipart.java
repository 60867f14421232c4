package dev.lightbox.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds multipart/form-data bodies (RFC 7578) for tests, independently of the server's reader. */
final class Multipart {
  static final String BOUNDARY = "lb-test-Boundary-7MA4YWxkTrZu0gW";
  private final List<byte[]> parts = new ArrayList<>();

  Multipart file(String filename, byte[] content) {
    return part("file", filename, "application/dicom", content);
  }

  Multipart part(String name, String filename, String type, byte[] content) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    String header = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
        + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
    p.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    p.writeBytes(content);
    p.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    parts.add(p.toByteArray());
    return this;
  }

  byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }
}
