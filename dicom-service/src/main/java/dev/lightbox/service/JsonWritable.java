package dev.lightbox.service;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * A JSON document a service produces and a transport writes, streamed into the transport's writer
 * instead of built as a second tree per request.
 */
@FunctionalInterface
public interface JsonWritable {
  void writeTo(JsonWriter out) throws IOException;

  /**
   * The document as UTF-8 in the one form transports send (nulls kept, no HTML escaping), so an
   * answer encoded ahead of time has exactly the bytes of one written per request.
   */
  default byte[] toUtf8() throws IOException {
    StringWriter text = new StringWriter();
    JsonWriter out = new JsonWriter(text);
    out.setSerializeNulls(true);
    writeTo(out);
    out.flush();
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
