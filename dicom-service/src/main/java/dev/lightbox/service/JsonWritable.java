package dev.lightbox.service;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * A JSON document a service produces and a transport writes, streamed into the transport's writer
 * instead of built as a second tree per request.
 */
@FunctionalInterface
public interface JsonWritable {
  void writeTo(JsonWriter out) throws IOException;
}
