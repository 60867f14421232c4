package dev.lightbox.http.support;

import dev.lightbox.service.ingest.MalformedBodyException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Streaming reader of a {@code multipart/form-data} body (RFC 7578 on the RFC 2046 §5.1.1
 * syntax), or of a {@code multipart/related} body (RFC 2387, as STOW-RS sends, PS3.18 §8.6.1.2)
 * with {@link #related}. Parts are handed out one at a time as streams that end at the next boundary, so a part
 * is never buffered whole: memory use is one buffer regardless of part sizes. Framing errors (no
 * boundary, truncated body, oversized part headers) are {@link MalformedBodyException}s.
 *
 * <p>Not thread-safe. A part's stream must be read (or {@link Part#skip}ped) before the next call
 * to {@link #next}; {@code next} skips whatever the caller left unread.
 */
public final class MultipartReader {
  /** Part headers above this are refused: they are a few short lines in practice. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** Preamble (ignored text before the first boundary) limit. */
  static final int MAX_PREAMBLE_BYTES = 16 * 1024;
  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  /** {@code CRLF--boundary}: the delimiter that ends every part (RFC 2046 §5.1.1). */
  private final byte[] delimiter;
  private final byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private boolean finished;
  private boolean started;
  private PartStream current;
  /**
   * Boyer-Moore-Horspool bad-character shifts of {@link #delimiter}: how far a window may move
   * when its last byte is {@code b}. Most body bytes never occur in the delimiter, so the search
   * looks at about one byte in {@code delimiter.length}.
   */
  private final int[] shift = new int[256];
  /**
   * First buffer position not yet ruled out as the start of a delimiter: a search resumes here
   * when more input arrives instead of rescanning bytes it has already passed over.
   */
  private int scanFrom;
  /** Buffer position of a delimiter already found and not yet reached, else -1. */
  private int foundAt = -1;
  /** multipart/related: parts need no Content-Disposition, and each needs a Content-Type. */
  private boolean related;

  /** One part: its form field name, file name (as sent, may be empty) and content. */
  public record Part(String name, String filename, String contentType, InputStream body) {
    /** Reads and discards the rest of the part. */
    public void skip() throws IOException {
      body.transferTo(OutputStreamSink.INSTANCE);
    }
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  public MultipartReader(InputStream in, String boundary) {
    if (boundary.isEmpty() || boundary.length() > 70) {
      throw new IllegalArgumentException("boundary must be 1-70 characters (RFC 2046 §5.1.1)");
    }
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.buf = new byte[BUFFER + delimiter.length];
    java.util.Arrays.fill(shift, delimiter.length);
    for (int j = 0; j < delimiter.length - 1; j++) {
      shift[delimiter[j] & 0xff] = delimiter.length - 1 - j;
    }
    // The first boundary may start the body without a preceding CRLF: pretend one was there.
    buf[0] = '\r';
    buf[1] = '\n';
    lim = 2;
  }

  /**
   * A reader of a {@code multipart/related} body (RFC 2387): parts carry a Content-Type (a part
   * without one is a framing error, since PS3.18 §8.6.1.2 requires it) and no form field names;
   * {@link Part#name} is the part's Content-Location or Content-ID, if any.
   */
  public static MultipartReader related(InputStream in, String boundary) {
    MultipartReader reader = new MultipartReader(in, boundary);
    reader.related = true;
    return reader;
  }

  /**
   * The boundary parameter of a {@code multipart/form-data} Content-Type (RFC 2046 §5.1.1), or
   * empty when absent or unusable.
   */
  public static Optional<String> boundary(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
        String b = p.substring(9).strip();
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
          b = b.substring(1, b.length() - 1);
        }
        return b.isEmpty() || b.length() > 70 ? Optional.empty() : Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The next part, or empty after the closing boundary. */
  public Optional<Part> next() throws IOException {
    if (current != null) {
      current.transferTo(OutputStreamSink.INSTANCE);
      current = null;
    }
    if (finished) {
      return Optional.empty();
    }
    if (!started) {
      started = true;
      long skipped = skipToDelimiter(MAX_PREAMBLE_BYTES);
      if (skipped < 0) {
        throw new MalformedBodyException("multipart body has no boundary line in its first "
            + MAX_PREAMBLE_BYTES + " bytes");
      }
    }
    // After a delimiter: "--" closes the body; otherwise optional whitespace and CRLF.
    if (!ensure(2)) {
      throw truncated();
    }
    if (buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return Optional.empty();
    }
    while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
      pos++;
    }
    if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
      throw new MalformedBodyException("multipart boundary line is not followed by CRLF");
    }
    pos += 2;
    String name = null;
    String filename = "";
    String contentType = "";
    int headerBytes = 0;
    for (String line; !(line = readLine()).isEmpty(); ) {
      headerBytes += line.length() + 2;
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new MalformedBodyException("multipart part headers exceed " + MAX_HEADER_BYTES
            + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedBodyException("malformed multipart part header line");
      }
      String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (related && (header.equals("content-location") || header.equals("content-id"))) {
        name = name == null ? value : name;
      } else if (related) {
        if (header.equals("content-type")) {
          contentType = value;
        }
      } else if (header.equals("content-disposition")) {
        if (!value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
          throw new MalformedBodyException("multipart part is not form-data (RFC 7578 §4.2)");
        }
        name = parameter(value, "name").orElse(null);
        filename = parameter(value, "filename*").map(MultipartReader::extValue)
            .or(() -> parameter(value, "filename")).orElse("");
      } else if (header.equals("content-type")) {
        contentType = value;
      }
    }
    if (related && contentType.isEmpty()) {
      throw new MalformedBodyException("multipart/related part has no Content-Type "
          + "(PS3.18 §8.6.1.2)");
    }
    if (related && name == null) {
      name = "";
    }
    if (name == null) {
      throw new MalformedBodyException("multipart part has no Content-Disposition name "
          + "(RFC 7578 §4.2)");
    }
    current = new PartStream();
    return Optional.of(new Part(name, filename, contentType, current));
  }

  /** Skips data up to and past the next delimiter; -1 if more than {@code max} bytes precede it. */
  private long skipToDelimiter(long max) throws IOException {
    long skipped = 0;
    while (true) {
      int found = indexOfDelimiter();
      if (found >= 0) {
        skipped += found - pos;
        pos = found + delimiter.length;
        return skipped > max ? -1 : skipped;
      }
      int safe = safeBytes();
      skipped += safe;
      pos += safe;
      if (skipped > max) {
        return -1;
      }
      if (!fill()) {
        throw truncated();
      }
    }
  }

  /** The content of the current part, ending before its delimiter. */
  private final class PartStream extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int found = indexOfDelimiter();
        int available = found >= 0 ? found - pos : safeBytes();
        if (available > 0) {
          int n = Math.min(len, available);
          System.arraycopy(buf, pos, b, off, n);
          pos += n;
          return n;
        }
        if (found >= 0) {
          pos = found + delimiter.length;
          done = true;
          return -1;
        }
        if (!fill()) {
          throw truncated();
        }
      }
    }
  }

  /**
   * Bytes at the front of the buffer that cannot be the start of a delimiter: those before the
   * position the last unsuccessful search stopped at (call after {@link #indexOfDelimiter}).
   */
  private int safeBytes() {
    return Math.max(0, scanFrom - pos);
  }

  /**
   * The buffer position of the next delimiter at or after {@link #pos}, or -1 when the buffered
   * bytes hold none; then {@link #scanFrom} is where a delimiter could still start once more bytes
   * arrive. Boyer-Moore-Horspool, comparing each window from its end.
   */
  private int indexOfDelimiter() {
    if (foundAt >= pos) {
      return foundAt;
    }
    int m = delimiter.length;
    int last = m - 1;
    int i = Math.max(pos, scanFrom);
    int end = lim - m;
    while (i <= end) {
      int j = last;
      while (buf[i + j] == delimiter[j]) {
        if (j == 0) {
          foundAt = i;
          scanFrom = i;
          return i;
        }
        j--;
      }
      i += shift[buf[i + last] & 0xff];
    }
    scanFrom = i;
    return -1;
  }

  /** Ensures {@code n} unread bytes are buffered; false at end of input. */
  private boolean ensure(int n) throws IOException {
    while (lim - pos < n) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /** Moves unread bytes to the front and reads more; false at end of input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      scanFrom = Math.max(0, scanFrom - pos);
      foundAt = foundAt >= pos ? foundAt - pos : -1;
      pos = 0;
    }
    if (lim == buf.length) {
      return true; // full: the caller consumes before asking again
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    return true;
  }

  /** A header line (ISO-8859-1, or UTF-8 as browsers send file names) without its CRLF. */
  private String readLine() throws IOException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i + 1 < lim; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n') {
          String line = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
          pos = i + 2;
          return line;
        }
      }
      scanned = Math.max(0, lim - pos - 1);
      if (scanned > MAX_HEADER_BYTES) {
        throw new MalformedBodyException("multipart part header line exceeds " + MAX_HEADER_BYTES
            + " bytes");
      }
      if (!fill()) {
        throw truncated();
      }
    }
  }

  /** A parameter of a header value, unquoted ({@code name="a\"b"} gives {@code a"b}). */
  public static Optional<String> parameter(String value, String wanted) {
    int i = value.indexOf(';');
    while (i >= 0 && i < value.length()) {
      int eq = value.indexOf('=', i);
      if (eq < 0) {
        return Optional.empty();
      }
      String key = value.substring(i + 1, eq).strip().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      while (j < value.length() && value.charAt(j) == ' ') {
        j++;
      }
      StringBuilder v = new StringBuilder();
      if (j < value.length() && value.charAt(j) == '"') {
        j++;
        while (j < value.length() && value.charAt(j) != '"') {
          char c = value.charAt(j);
          if (c == '\\' && j + 1 < value.length()) {
            c = value.charAt(++j);
          }
          v.append(c);
          j++;
        }
        j = value.indexOf(';', j);
      } else {
        int end = value.indexOf(';', j);
        v.append(value, j, end < 0 ? value.length() : end);
        j = end;
      }
      if (key.equals(wanted)) {
        return Optional.of(v.toString().strip());
      }
      i = j;
    }
    return Optional.empty();
  }

  /** An RFC 5987 ext-value {@code UTF-8''na%C3%AFve.dcm}; undecodable ones are kept as sent. */
  private static String extValue(String v) {
    int quote = v.indexOf("''");
    if (quote < 0) {
      return v;
    }
    try {
      return URLDecoder.decode(v.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return v;
    }
  }

  private static MalformedBodyException truncated() {
    return new MalformedBodyException("multipart body ended before its closing boundary");
  }
}
