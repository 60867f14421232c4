import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HTTP floor for the attribute-GET benchmark (issue 13): bare Undertow answering every request
 * with fixed bytes on its I/O thread, with the same content type as Lightbox's answer. Nothing can
 * answer a GET on this stack faster, so Lightbox's attribute GET is reported as a share of it.
 *
 * <p>Run as a single-file program against the Lightbox jar (which carries Undertow):
 * {@code java -cp lightbox.jar benchmarks/load/UndertowFloor.java PORT BODY_FILE}. It prints
 * "floor listening on PORT" once it accepts connections and runs until killed.
 */
public final class UndertowFloor {
  private UndertowFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: UndertowFloor PORT BODY_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    // Two I/O threads as on the 2-core machine Lightbox defaults to (Undertow: one per core).
    Undertow server = Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
        .setHandler(exchange -> {
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
          exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
          exchange.getResponseSender().send(ByteBuffer.wrap(body));
        })
        .build();
    server.start();
    System.out.println("floor listening on " + port);
  }
}
