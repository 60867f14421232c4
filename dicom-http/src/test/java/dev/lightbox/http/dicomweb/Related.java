package dev.lightbox.http.dicomweb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds and splits multipart/related bodies in tests (RFC 2046 §5.1.1), independently of main code. */
final class Related {
  static final String BOUNDARY = "test-boundary-7d1f";

  record Part(String contentType, byte[] body) {}

  private Related() {}

  static byte[] build(List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      out.writeBytes(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      if (p.contentType() != null) {
        out.writeBytes(("Content-Type: " + p.contentType() + "\r\n").getBytes(
            StandardCharsets.ISO_8859_1));
      }
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(p.body());
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  static String contentType() {
    return "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;
  }

  /** The parts of a response body, split at the boundary its Content-Type names. */
  static List<Part> split(byte[] body, String contentType) {
    String boundary = null;
    for (String p : contentType.split(";")) {
      if (p.strip().startsWith("boundary=")) {
        boundary = p.strip().substring(9).replace("\"", "");
      }
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + delimiter.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
        starts.add(i);
      }
    }
    List<Part> parts = new ArrayList<>();
    for (int k = 0; k + 1 < starts.size(); k++) {
      int from = starts.get(k) + delimiter.length + 2;
      int to = starts.get(k + 1) - 2; // the CRLF before the next delimiter belongs to it
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
      String headers = new String(body, from, headerEnd - from, StandardCharsets.ISO_8859_1);
      String type = "";
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          type = line.substring(13).strip();
        }
      }
      parts.add(new Part(type, Arrays.copyOfRange(body, headerEnd + 4, to)));
    }
    return parts;
  }

  private static int indexOf(byte[] a, byte[] b, int from) {
    for (int i = from; i + b.length <= a.length; i++) {
      if (Arrays.equals(a, i, i + b.length, b, 0, b.length)) {
        return i;
      }
    }
    throw new AssertionError("no part header end");
  }
}
