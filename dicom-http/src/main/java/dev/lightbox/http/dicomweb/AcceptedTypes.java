package dev.lightbox.http.dicomweb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The media ranges of an {@code Accept} header (RFC 9110 §12.5.1) as DICOMweb uses them (PS3.18
 * §8.7): a media type, for {@code multipart/related} the {@code type} parameter naming the part
 * media type, and the {@code transfer-syntax} parameter; ordered by quality, then as sent.
 */
record AcceptedTypes(List<Range> ranges) {

  /** One media range; {@code partType} and {@code transferSyntax} are empty when absent. */
  record Range(String mediaType, Optional<String> partType, Optional<String> transferSyntax,
      double q) {
    boolean multipart() {
      return mediaType.equals("multipart/related");
    }

    /** The media type of the content: the part type of a multipart range, else the range. */
    String contentType() {
      return multipart() ? partType.orElse("*/*") : mediaType;
    }
  }

  /** Parses a header value; null or blank means "anything" ({@code *}{@code /*}). */
  static AcceptedTypes parse(String header) {
    List<Range> ranges = new ArrayList<>();
    if (header == null || header.isBlank()) {
      ranges.add(new Range("*/*", Optional.empty(), Optional.empty(), 1));
      return new AcceptedTypes(ranges);
    }
    for (String member : splitOutsideQuotes(header, ',')) {
      List<String> params = splitOutsideQuotes(member, ';');
      String type = params.get(0).strip().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        continue;
      }
      Optional<String> part = Optional.empty();
      Optional<String> syntax = Optional.empty();
      double q = 1;
      for (int i = 1; i < params.size(); i++) {
        String p = params.get(i).strip();
        int eq = p.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = unquote(p.substring(eq + 1).strip());
        switch (name) {
          case "type" -> part = Optional.of(value.toLowerCase(Locale.ROOT));
          case "transfer-syntax" -> syntax = Optional.of(value);
          case "q" -> q = quality(value);
          default -> { }
        }
      }
      if (q > 0) {
        ranges.add(new Range(type, part, syntax, q));
      }
    }
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingDouble(Range::q).reversed());
    return new AcceptedTypes(List.copyOf(sorted));
  }

  private static double quality(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1) : v;
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** True when {@code range} (a type or wildcard) admits the concrete {@code type}. */
  static boolean admits(String range, String type) {
    if (range.equals("*/*") || range.equals(type)) {
      return true;
    }
    return range.endsWith("/*") && type.startsWith(range.substring(0, range.length() - 1));
  }
}
