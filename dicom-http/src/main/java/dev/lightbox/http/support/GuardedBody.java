package dev.lightbox.http.support;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The request body of an upload (own route or STOW-RS) behind the guards every upload needs:
 * {@link StallGuard} closes a body that stops arriving, {@link MinimumRateStream} refuses one
 * trickled too slowly to ever finish (slow loris), and a declared Content-Length must be met.
 */
public final class GuardedBody {
  private GuardedBody() {}

  public static InputStream of(HttpServerExchange exchange, StallGuard stallGuard,
      long minBytesPerSecond, Duration grace) {
    InputStream in = new MinimumRateStream(Observability.countBody(exchange,
        stallGuard.guard(exchange, exchange.getInputStream())), minBytesPerSecond, grace);
    long declared = exchange.getRequestContentLength();
    return declared < 0 ? in : new DeclaredLengthStream(in, declared);
  }

  /**
   * Fails a body that ends before its Content-Length (RFC 9112 §6.3: an incomplete message).
   * Undertow reports a connection closed mid-body (client gone, server stopping) as a plain end of
   * stream, and a truncated DICOM file can still have a complete header, so without this check
   * half a file could be stored as an instance.
   */
  private static final class DeclaredLengthStream extends java.io.FilterInputStream {
    private final long declared;
    private long seen;

    DeclaredLengthStream(InputStream in, long declared) {
      super(in);
      this.declared = declared;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      check(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      check(n);
      return n;
    }

    private void check(int n) throws IOException {
      if (n > 0) {
        seen += n;
      } else if (n < 0 && seen < declared) {
        throw new java.io.EOFException("the body ended after " + seen + " of the "
            + declared + " bytes its Content-Length announced");
      }
    }
  }
}
