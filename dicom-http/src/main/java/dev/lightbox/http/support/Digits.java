package dev.lightbox.http.support;

/**
 * Parses the unsigned decimal numbers of requests (query parameters, path segments, byte ranges):
 * ASCII digits only. {@link Long#parseLong} also takes a leading {@code +} or {@code -} and any
 * Unicode decimal digit (Arabic-Indic, fullwidth, …), so {@code frame=+1} or {@code offset=١٢}
 * would be read as numbers that no client meant; RFC 9110's grammar (e.g. {@code 1*DIGIT} for
 * ranges, §14.1.1) and our API's documented forms allow only {@code 0-9}.
 */
public final class Digits {
  /** 18 digits always fit in a long. */
  private static final int MAX_DIGITS = 18;

  private Digits() {}

  /** The value of {@code text}, 1 to 18 ASCII digits; else NumberFormatException. */
  public static long parse(String text) {
    int n = text.length();
    if (n == 0 || n > MAX_DIGITS) {
      throw new NumberFormatException("not 1 to " + MAX_DIGITS + " digits: " + text);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not an ASCII digit at " + i + ": " + text);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@link #parse} for values that must fit an int. */
  public static int parseInt(String text) {
    long v = parse(text);
    if (v > Integer.MAX_VALUE) {
      throw new NumberFormatException("too large: " + text);
    }
    return (int) v;
  }
}
