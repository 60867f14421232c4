package dev.lightbox.http.handler;

import dev.lightbox.http.auth.AuthGate;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.retrieve.RetrieveService;
import dev.lightbox.service.retrieve.StudyArchive;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.xnio.IoUtils;

/**
 * {@code GET /studies/{study}/archive} and {@code GET /studies/{study}/series/{series}/archive}:
 * the original files as one {@code application/zip} download, streamed while it is written
 * (chunked, no length known in advance, no Range). An unknown study or series is 404 before
 * anything is sent; a store failure midway cuts the connection, so the client sees a truncated
 * archive (no central directory), never a complete-looking one. Clients that need to resume fetch
 * the missing instances one by one: the instance listing filtered by study gives each one's file.
 */
public final class ArchiveHandler implements HttpHandler {
  private final RetrieveService service;
  private final boolean series;

  /** @param series true for the series route (the {@code series} parameter), false for a study */
  public ArchiveHandler(RetrieveService service, boolean series) {
    this.service = service;
    this.series = series;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    StudyArchive archive = service.archive(AuthGate.tenant(exchange), Router.param(exchange, "study"),
        series ? Optional.of(Router.param(exchange, "series")) : Optional.empty());
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, "application/zip");
    headers.put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + archive.fileName()
        + "\"");
    headers.put(Headers.CACHE_CONTROL, "private, no-store");
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    LazyResponse out = new LazyResponse(exchange);
    try {
      archive.writeTo(out);
    } catch (Exception e) {
      if (out.opened) {
        // Part of the archive is sent: end the connection without the final chunk, so no client
        // takes the truncated archive for a complete response.
        IoUtils.safeClose(exchange.getConnection());
      }
      throw e; // nothing sent yet (the first file could not be opened): a problem answer
    }
    out.close();
  }

  /**
   * The response stream, taken on the first write: a failure before any byte of the archive is
   * written (the blob store is down) leaves the response untouched for the error answer.
   */
  private static final class LazyResponse extends OutputStream {
    private final HttpServerExchange exchange;
    private OutputStream out;
    boolean opened;

    LazyResponse(HttpServerExchange exchange) {
      this.exchange = exchange;
    }

    private OutputStream out() {
      if (out == null) {
        out = exchange.getOutputStream();
        opened = true;
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      out().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      if (out != null) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      out().close();
    }
  }
}
