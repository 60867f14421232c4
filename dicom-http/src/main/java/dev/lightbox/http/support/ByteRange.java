package dev.lightbox.http.support;

import java.util.Optional;

/**
 * One satisfiable byte range of a representation of {@code size} bytes (RFC 9110 §14.1.2).
 * Only single ranges are served; a multi-range request gets the whole representation, which RFC
 * 9110 §14.2 permits.
 */
public record ByteRange(long first, long last) {
  public long length() {
    return last - first + 1;
  }

  /** Thrown when the range is well-formed but outside the representation: 416. */
  public static final class Unsatisfiable extends Exception {
    public Unsatisfiable(String message) {
      super(message);
    }
  }

  /**
   * Parses a {@code Range} header value. Empty means "send everything" (absent, not a bytes range,
   * several ranges, or syntactically invalid: RFC 9110 §14.2 says to ignore those).
   */
  public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
    if (header == null || !header.startsWith("bytes=")) {
      return Optional.empty();
    }
    String spec = header.substring(6).strip();
    if (spec.contains(",")) {
      return Optional.empty();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    try {
      if (a.isEmpty()) { // suffix range: the last N bytes
        long n = Digits.parse(b);
        if (n <= 0 || size == 0) {
          throw new Unsatisfiable("suffix range of " + n + " bytes on a " + size + "-byte file");
        }
        return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
      }
      long first = Digits.parse(a);
      long last = b.isEmpty() ? size - 1 : Digits.parse(b);
      if (first < 0 || (!b.isEmpty() && last < first)) {
        return Optional.empty();
      }
      if (first >= size) {
        throw new Unsatisfiable("range starts at byte " + first + " but the file has " + size
            + " bytes");
      }
      return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
