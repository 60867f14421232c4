import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upload floors for issue 13's upload rows: bare Undertow doing only part of what any upload
 * must do, so Lightbox's upload rate (and Orthanc's) can be read against what this machine and
 * this client allow at all. Each mode answers {@code POST /instances} with 201 and a small JSON
 * document; the body is read on a worker thread with a blocking stream, 64 KiB at a time:
 * <ul>
 *   <li>{@code discard}: receive the body and drop it (the HTTP transport alone);</li>
 *   <li>{@code file}: receive it into a new file of DIR (no hash, no parse, no index);</li>
 *   <li>{@code file-sha}: as {@code file}, hashing the bytes with SHA-256 on the way;</li>
 *   <li>{@code file-fsync}: as {@code file-sha}, then fsync the file before answering (what a
 *       durable store must do at least once per file unless fsyncs are shared).</li>
 * </ul>
 *
 * <p>Run as a single-file program against the Lightbox jar (which carries Undertow):
 * {@code java -cp lightbox.jar benchmarks/load/UploadFloor.java MODE PORT DIR}. It prints
 * "upload floor listening on PORT" once it accepts connections and runs until killed.
 */
public final class UploadFloor {
  private static final AtomicLong NEXT = new AtomicLong();

  private UploadFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: UploadFloor discard|file|file-sha|file-fsync PORT DIR");
      System.exit(2);
    }
    String mode = args[0];
    int port = Integer.parseInt(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2]));
    if (!mode.matches("discard|file|file-sha|file-fsync")) {
      throw new IllegalArgumentException("unknown mode " + mode);
    }
    Undertow server = Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        // Lightbox's buffer size (LightboxServer): the same number of I/O-thread hand-offs.
        .setBufferSize(Integer.getInteger("floor.bufferSize", 64 * 1024))
        .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
        .setHandler(exchange -> {
          if (exchange.isInIoThread()) {
            exchange.dispatch(() -> receive(exchange, mode, dir));
            return;
          }
          receive(exchange, mode, dir);
        })
        .build();
    server.start();
    System.out.println("upload floor listening on " + port);
  }

  private static void receive(HttpServerExchange exchange, String mode, Path dir) {
    long id = NEXT.incrementAndGet();
    exchange.startBlocking();
    byte[] buffer = new byte[65536];
    try (InputStream in = exchange.getInputStream()) {
      MessageDigest sha = mode.equals("file") || mode.equals("discard")
          ? null : MessageDigest.getInstance("SHA-256");
      FileChannel out = mode.equals("discard") ? null : FileChannel.open(dir.resolve(id + ".dcm"),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          if (sha != null) {
            sha.update(buffer, 0, n);
          }
          if (out != null) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
              out.write(chunk);
            }
          }
        }
        if (out != null && mode.equals("file-fsync")) {
          out.force(true);
        }
      } finally {
        if (out != null) {
          out.close();
        }
      }
      String digest = sha == null ? "" : HexFormat.of().formatHex(sha.digest());
      byte[] answer = ("{\"id\":\"" + id + "\",\"sha256\":\"" + digest + "\"}")
          .getBytes(StandardCharsets.US_ASCII);
      exchange.setStatusCode(201);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.length);
      exchange.getOutputStream().write(answer);
    } catch (Exception e) {
      exchange.setStatusCode(500);
    } finally {
      exchange.endExchange();
    }
  }
}
