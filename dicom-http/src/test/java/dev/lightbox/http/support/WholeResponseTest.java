package dev.lightbox.http.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.testing.RawHttp;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole answers computed on a worker thread end their exchange on the connection's I/O thread
 * (where Undertow resumes reading the next request without the cross-thread spin), arrive byte
 * for byte, and keep the connection reusable; a request body the worker read first is consumed,
 * a failure after the hand-over does not add a second answer.
 */
class WholeResponseTest {
  private Undertow undertow;
  private int port;
  /** For each ended exchange: whether it ended on an I/O thread. */
  private final ConcurrentLinkedQueue<Boolean> endedInIoThread = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() {
    HttpHandler routes = exchange -> {
      exchange.addExchangeCompleteListener((ex, next) -> {
        endedInIoThread.add(ex.isInIoThread());
        next.proceed();
      });
      switch (exchange.getRequestPath()) {
        case "/echo-length" -> {
          // Reads the whole body on the worker, then answers with its length.
          long n = exchange.getInputStream().transferTo(OutputStream.nullOutputStream());
          answer(exchange, "read " + n);
        }
        case "/not-modified" -> {
          exchange.setStatusCode(304);
          WholeResponse.end(exchange);
        }
        case "/fails-after-answer" -> {
          answer(exchange, "answered");
          throw new IllegalStateException("cleanup failed after the answer");
        }
        default -> answer(exchange, "hello from " + exchange.getRequestPath());
      }
    };
    HttpHandler worker = new BlockingHandler(ErrorMapping.wrap(routes));
    undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1)
        .setWorkerThreads(2).setHandler(worker).build();
    undertow.start();
    port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static void answer(io.undertow.server.HttpServerExchange exchange, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    WholeResponse.send(exchange, ByteBuffer.wrap(body));
  }

  @AfterEach
  void stop() {
    undertow.stop();
  }

  @Test
  void workerAnswersEndOnTheIoThreadAndTheConnectionIsReused() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      List<Response> responses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] body = new byte[100_000 + i];
        request(socket, "POST", "/echo-length", body);
        responses.add(Response.read(socket.getInputStream()));
        request(socket, "GET", "/x" + i, new byte[0]);
        responses.add(Response.read(socket.getInputStream()));
      }
      for (int i = 0; i < 20; i++) {
        assertEquals(200, responses.get(2 * i).status());
        assertEquals("read " + (100_000 + i), responses.get(2 * i).body());
        assertEquals("hello from /x" + i, responses.get(2 * i + 1).body());
      }
    }
    awaitEnded(40);
    assertTrue(endedInIoThread.stream().allMatch(b -> b), "every exchange ended on the I/O "
        + "thread: " + endedInIoThread);
  }

  @Test
  void aBodylessEndAlsoMovesToTheIoThread() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      request(socket, "GET", "/not-modified", new byte[0]);
      assertEquals(304, Response.read(socket.getInputStream()).status());
      request(socket, "GET", "/after", new byte[0]);
      assertEquals("hello from /after", Response.read(socket.getInputStream()).body());
    }
    awaitEnded(2);
    assertEquals(List.of(true, true), new ArrayList<>(endedInIoThread));
  }

  @Test
  void aFailureAfterTheHandOverSendsOneAnswerAndClosesTheConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      request(socket, "GET", "/fails-after-answer", new byte[0]);
      Response r = Response.read(socket.getInputStream());
      assertEquals(200, r.status());
      assertEquals("answered", r.body());
      assertEquals("close", r.headers().get("connection"));
      assertEquals(-1, socket.getInputStream().read(), "nothing after the one answer");
    }
  }

  private void awaitEnded(int count) throws InterruptedException {
    for (int i = 0; i < 200 && endedInIoThread.size() < count; i++) {
      Thread.sleep(10);
    }
    assertEquals(count, endedInIoThread.size(), "exchanges ended");
  }

  private static void request(Socket socket, String method, String path, byte[] body)
      throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  record Response(int status, Map<String, String> headers, String body) {
    /** One response as {@link RawHttp#readResponse} reads it, split into its parts. */
    static Response read(InputStream in) throws IOException {
      String raw = RawHttp.readResponse(in);
      int headEnd = raw.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        throw new IOException("connection closed mid-response after: " + raw);
      }
      String[] lines = raw.substring(0, headEnd).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers,
          raw.substring(headEnd + 4));
    }
  }
}
