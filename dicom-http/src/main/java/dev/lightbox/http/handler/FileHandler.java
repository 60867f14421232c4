package dev.lightbox.http.handler;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.ByteRange;
import dev.lightbox.http.support.Etags;
import dev.lightbox.http.support.HttpStatusException;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.retrieve.RetrieveService;
import dev.lightbox.service.retrieve.StoredFile;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;

/**
 * {@code GET|HEAD /instances/{id}/file}: the original bytes as {@code application/dicom}, with a
 * strong ETag (the SHA-256), {@code If-None-Match} (304), a single {@code Range} (206, RFC 9110
 * §14) and {@code Content-Disposition}. From the filesystem store a whole file goes file → socket
 * with {@code FileChannel.transferTo} (zero copy); ranges and other stores are streamed.
 */
public final class FileHandler implements HttpHandler {
  private final RetrieveService service;

  public FileHandler(RetrieveService service) {
    this.service = service;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    StoredFile file = service.file(AuthGate.tenant(exchange), Router.param(exchange, "id"));
    String etag = "\"" + file.instance().sha256() + "\"";
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.ETAG, etag);
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    headers.put(Headers.CACHE_CONTROL, "private, max-age=0, must-revalidate");
    if (Etags.notModified(exchange, etag)) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    long size = file.size();
    Optional<ByteRange> range = rangeFor(exchange, etag, size);
    headers.put(Headers.CONTENT_TYPE, "application/dicom");
    headers.put(Headers.CONTENT_DISPOSITION, "attachment; filename=\""
        + file.instance().sopInstanceUid() + ".dcm\"");
    long first = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    if (range.isPresent()) {
      exchange.setStatusCode(206);
      headers.put(Headers.CONTENT_RANGE, "bytes " + first + "-" + (first + length - 1) + "/" + size);
    }
    headers.put(Headers.CONTENT_LENGTH, length);
    if (exchange.getRequestMethod().equals(Methods.HEAD) || length == 0) {
      exchange.endExchange();
      return;
    }
    // Zero copy for whole files only: a positioned transferFrom through Undertow's fixed-length
    // conduit was observed to send from the wrong offset, so ranges take the streaming path.
    if (file.localPath().isPresent() && range.isEmpty()) {
      try (FileChannel channel = FileChannel.open(file.localPath().get(), StandardOpenOption.READ)) {
        StreamSinkChannel sink = exchange.getResponseChannel();
        transfer(channel, sink, 0, length);
        Channels.shutdownWritesBlocking(sink);
        Channels.flushBlocking(sink);
      }
      exchange.endExchange();
      return;
    }
    try (InputStream in = file.opener().open(first, length);
        OutputStream out = exchange.getOutputStream()) {
      in.transferTo(out);
    }
  }

  /** File → socket with {@code transferTo} (sendfile where the OS has it), blocking on the socket. */
  private static void transfer(FileChannel file, StreamSinkChannel sink, long first, long length)
      throws java.io.IOException {
    long position = first;
    long remaining = length;
    while (remaining > 0) {
      long n = sink.transferFrom(file, position, remaining);
      if (n > 0) {
        position += n;
        remaining -= n;
      } else if (position >= file.size()) {
        throw new java.io.EOFException("stored file ended at byte " + position + " of "
            + (first + length));
      } else {
        sink.awaitWritable();
      }
    }
  }

  private static Optional<ByteRange> rangeFor(HttpServerExchange exchange, String etag, long size) {
    String header = exchange.getRequestHeaders().getFirst(Headers.RANGE);
    String ifRange = exchange.getRequestHeaders().getFirst(Headers.IF_RANGE);
    if (header == null || (ifRange != null && !ifRange.strip().equals(etag))) {
      return Optional.empty(); // RFC 9110 §13.1.5: a stale If-Range gets the whole file
    }
    try {
      return ByteRange.parse(header, size);
    } catch (ByteRange.Unsatisfiable e) {
      throw new HttpStatusException(416, "range-not-satisfiable", e.getMessage(),
          Map.of("Content-Range", "bytes */" + size));
    }
  }
}
