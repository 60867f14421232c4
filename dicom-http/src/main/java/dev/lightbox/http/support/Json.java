package dev.lightbox.http.support;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/** Writes JSON response bodies. */
public final class Json {
  public static final String MEDIA_TYPE = "application/json";
  public static final String DICOM_JSON = "application/dicom+json";
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private Json() {}

  public static void send(HttpServerExchange exchange, int status, JsonElement body) {
    send(exchange, status, MEDIA_TYPE, body);
  }

  public static void send(HttpServerExchange exchange, int status, String mediaType,
      JsonElement body) {
    byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, mediaType);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
  }
}
