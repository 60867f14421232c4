package dev.lightbox.dicom.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes character-string values according to Specific Character Set (0008,0005), PS3.3
 * C.12.1.1.2 and PS3.5 §6.1.
 *
 * <p>Single-byte sets, UTF-8 (ISO_IR 192), GB18030 and GBK decode the whole value with one Java
 * charset. ISO 2022 code extensions (defined terms starting with {@code ISO 2022}) are decoded with a
 * small state machine: escape sequences switch the G0 or G1 set, and the state returns to the initial
 * set after each control character and value delimiter (PS3.5 §6.1.2.5.3). Bytes that a charset
 * cannot map become U+FFFD rather than failing the whole parse.
 */
public final class SpecificCharacterSet {


  private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;

  /** Defined terms without code extensions (PS3.3 Table C.12-2 and C.12-4). */
  private static final Map<String, String> SINGLE = Map.ofEntries(
      Map.entry("", "ISO-8859-1"),
      Map.entry("ISO_IR 6", "ISO-8859-1"),
      Map.entry("ISO_IR 100", "ISO-8859-1"),
      Map.entry("ISO_IR 101", "ISO-8859-2"),
      Map.entry("ISO_IR 109", "ISO-8859-3"),
      Map.entry("ISO_IR 110", "ISO-8859-4"),
      Map.entry("ISO_IR 144", "ISO-8859-5"),
      Map.entry("ISO_IR 127", "ISO-8859-6"),
      Map.entry("ISO_IR 126", "ISO-8859-7"),
      Map.entry("ISO_IR 138", "ISO-8859-8"),
      Map.entry("ISO_IR 148", "ISO-8859-9"),
      Map.entry("ISO_IR 203", "ISO-8859-15"),
      Map.entry("ISO_IR 166", "x-iso-8859-11"),
      Map.entry("ISO_IR 13", "JIS_X0201"),
      Map.entry("ISO_IR 192", "UTF-8"),
      Map.entry("GB18030", "GB18030"),
      Map.entry("GBK", "GBK"));

  private final List<String> terms;
  private final Charset whole;

  /** Default repertoire (ISO-IR 6). Decoded as Latin-1 so that undeclared 8-bit text survives. */
  public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of(""));

  private SpecificCharacterSet(List<String> terms) {
    this.terms = List.copyOf(terms);
    String first = terms.isEmpty() ? "" : terms.get(0);
    boolean extensions = terms.size() > 1 || first.startsWith("ISO 2022");
    this.whole = extensions ? null : charsetOrLatin1(SINGLE.getOrDefault(first, "ISO-8859-1"));
  }

  /**
   * The character set named by the values of (0008,0005). Unknown terms fall back to Latin-1 and are
   * reported by {@link #unknownTerms()}.
   */
  public static SpecificCharacterSet of(List<String> values) {
    if (values.isEmpty() || (values.size() == 1 && values.get(0).isBlank())) {
      return DEFAULT;
    }
    List<String> trimmed = new ArrayList<>();
    for (String v : values) {
      trimmed.add(v.strip().toUpperCase(Locale.ROOT));
    }
    return new SpecificCharacterSet(trimmed);
  }

  public List<String> terms() {
    return terms;
  }

  /** Terms this class does not know; their text decodes as Latin-1. */
  public List<String> unknownTerms() {
    List<String> unknown = new ArrayList<>();
    for (String t : terms) {
      if (!SINGLE.containsKey(t) && !G0.containsKey(t) && !t.startsWith("ISO 2022")) {
        unknown.add(t);
      } else if (t.startsWith("ISO 2022") && !G0.containsKey(t)) {
        unknown.add(t);
      }
    }
    return unknown;
  }

  /** True for UTF-8, GB18030 and GBK, where the backslash byte can occur inside a character. */
  public boolean isMultiByteWithoutEscapes() {
    return whole != null && !whole.name().startsWith("ISO-8859") && !whole.equals(LATIN1)
        && !whole.name().equals("JIS_X0201") && !whole.name().equals("x-iso-8859-11");
  }

  /**
   * Decodes {@code bytes}. {@code personName} makes {@code ^} and {@code =} reset ISO 2022 state as
   * PS3.5 §6.1.2.5.3 requires for PN.
   */
  public String decode(byte[] bytes, int offset, int length, boolean personName) {
    if (whole != null) {
      if (whole.name().equals("JIS_X0201")) {
        return decodeIr13(bytes, offset, length);
      }
      return decodeWith(whole, bytes, offset, length);
    }
    return decodeIso2022(bytes, offset, length, personName);
  }

  public String decode(byte[] bytes, boolean personName) {
    return decode(bytes, 0, bytes.length, personName);
  }

  // ISO_IR 13: G0 is JIS X 0201 Romaji, which DICOM applications treat as ASCII so that the
  // backslash delimiter keeps working; G1 is half-width katakana.
  private static String decodeIr13(byte[] bytes, int offset, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = offset; i < offset + length; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 0xA1 && b <= 0xDF) {
        sb.append((char) (0xFF61 + b - 0xA1));
      } else if (b < 0x80) {
        sb.append((char) b);
      } else {
        sb.append('\uFFFD');
      }
    }
    return sb.toString();
  }

  // ---- ISO 2022 (PS3.3 Table C.12-3, C.12-4) ----

  /** How a defined term designates its sets: the G0 and G1 decoders it selects. */
  private record Designation(Set g0, Set g1) {}

  private enum Set {
    ASCII,
    LATIN1("ISO-8859-1"),
    LATIN2("ISO-8859-2"),
    LATIN3("ISO-8859-3"),
    LATIN4("ISO-8859-4"),
    CYRILLIC("ISO-8859-5"),
    ARABIC("ISO-8859-6"),
    GREEK("ISO-8859-7"),
    HEBREW("ISO-8859-8"),
    LATIN5("ISO-8859-9"),
    LATIN9("ISO-8859-15"),
    THAI("x-iso-8859-11"),
    KATAKANA,
    JIS_X0208,
    JIS_X0212,
    KS_X1001("EUC-KR"),
    GB2312("GB2312");

    final Charset charset;

    Set() {
      this.charset = null;
    }

    Set(String name) {
      this.charset = charsetOrLatin1(name);
    }
  }

  private static final Map<String, Designation> G0 = Map.ofEntries(
      Map.entry("ISO 2022 IR 6", new Designation(Set.ASCII, null)),
      Map.entry("ISO 2022 IR 100", new Designation(Set.ASCII, Set.LATIN1)),
      Map.entry("ISO 2022 IR 101", new Designation(Set.ASCII, Set.LATIN2)),
      Map.entry("ISO 2022 IR 109", new Designation(Set.ASCII, Set.LATIN3)),
      Map.entry("ISO 2022 IR 110", new Designation(Set.ASCII, Set.LATIN4)),
      Map.entry("ISO 2022 IR 144", new Designation(Set.ASCII, Set.CYRILLIC)),
      Map.entry("ISO 2022 IR 127", new Designation(Set.ASCII, Set.ARABIC)),
      Map.entry("ISO 2022 IR 126", new Designation(Set.ASCII, Set.GREEK)),
      Map.entry("ISO 2022 IR 138", new Designation(Set.ASCII, Set.HEBREW)),
      Map.entry("ISO 2022 IR 148", new Designation(Set.ASCII, Set.LATIN5)),
      Map.entry("ISO 2022 IR 203", new Designation(Set.ASCII, Set.LATIN9)),
      Map.entry("ISO 2022 IR 166", new Designation(Set.ASCII, Set.THAI)),
      Map.entry("ISO 2022 IR 13", new Designation(Set.ASCII, Set.KATAKANA)),
      Map.entry("ISO 2022 IR 87", new Designation(Set.JIS_X0208, null)),
      Map.entry("ISO 2022 IR 159", new Designation(Set.JIS_X0212, null)),
      Map.entry("ISO 2022 IR 149", new Designation(null, Set.KS_X1001)),
      Map.entry("ISO 2022 IR 58", new Designation(null, Set.GB2312)));

  private Designation initial() {
    String first = terms.get(0);
    if (first.isEmpty() || first.equals("ISO 2022 IR 6")) {
      return new Designation(Set.ASCII, null);
    }
    String asIso2022 = first.startsWith("ISO_IR ") ? "ISO 2022 IR " + first.substring(7) : first;
    Designation d = G0.get(asIso2022);
    if (d == null) {
      return new Designation(Set.ASCII, Set.LATIN1);
    }
    return new Designation(d.g0() == null ? Set.ASCII : d.g0(), d.g1());
  }

  private String decodeIso2022(byte[] bytes, int offset, int length, boolean personName) {
    Designation start = initial();
    Set g0 = start.g0();
    Set g1 = start.g1();
    StringBuilder out = new StringBuilder(length);
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (b == 0x1B) {
        int consumed = escapeLength(bytes, i, end);
        Set[] switched = applyEscape(bytes, i, consumed, g0, g1);
        if (switched != null) {
          flush(run, out, g0, g1);
          g0 = switched[0];
          g1 = switched[1];
          i += consumed;
          continue;
        }
      }
      boolean singleByteG0 = g0 != Set.JIS_X0208 && g0 != Set.JIS_X0212;
      if (singleByteG0 && isResetDelimiter(b, personName)) {
        run.write(b);
        flush(run, out, g0, g1);
        g0 = start.g0();
        g1 = start.g1();
        i++;
        continue;
      }
      run.write(b);
      i++;
    }
    flush(run, out, g0, g1);
    return out.toString();
  }

  private static boolean isResetDelimiter(int b, boolean personName) {
    return b == '\\' || b == 0x0D || b == 0x0A || b == 0x09 || b == 0x0C
        || (personName && (b == '^' || b == '='));
  }

  private static int escapeLength(byte[] bytes, int i, int end) {
    // ESC followed by intermediate bytes 0x20-0x2F and one final byte 0x30-0x7E (ISO 2022 §13).
    int j = i + 1;
    while (j < end && (bytes[j] & 0xFF) >= 0x20 && (bytes[j] & 0xFF) <= 0x2F) {
      j++;
    }
    return Math.min(j + 1, end) - i;
  }

  /** Returns the new {g0, g1} for a recognised escape sequence, or null. */
  private static Set[] applyEscape(byte[] b, int i, int len, Set g0, Set g1) {
    String seq = new String(b, i + 1, len - 1, LATIN1);
    return switch (seq) {
      case "(B" -> new Set[] {Set.ASCII, g1};
      case "(J" -> new Set[] {Set.ASCII, g1};
      case ")I" -> new Set[] {g0, Set.KATAKANA};
      case "$B", "$(B" -> new Set[] {Set.JIS_X0208, g1};
      case "$(D" -> new Set[] {Set.JIS_X0212, g1};
      case "$)C" -> new Set[] {g0, Set.KS_X1001};
      case "$)A" -> new Set[] {g0, Set.GB2312};
      case "-A" -> new Set[] {g0, Set.LATIN1};
      case "-B" -> new Set[] {g0, Set.LATIN2};
      case "-C" -> new Set[] {g0, Set.LATIN3};
      case "-D" -> new Set[] {g0, Set.LATIN4};
      case "-L" -> new Set[] {g0, Set.CYRILLIC};
      case "-G" -> new Set[] {g0, Set.ARABIC};
      case "-F" -> new Set[] {g0, Set.GREEK};
      case "-H" -> new Set[] {g0, Set.HEBREW};
      case "-M" -> new Set[] {g0, Set.LATIN5};
      case "-b" -> new Set[] {g0, Set.LATIN9};
      case "-T" -> new Set[] {g0, Set.THAI};
      default -> null;
    };
  }

  private static void flush(ByteArrayOutputStream run, StringBuilder out, Set g0, Set g1) {
    if (run.size() == 0) {
      return;
    }
    byte[] bytes = run.toByteArray();
    run.reset();
    if (g0 == Set.JIS_X0208 || g0 == Set.JIS_X0212) {
      String esc = g0 == Set.JIS_X0208 ? "\u001b$B" : "\u001b$(D";
      byte[] framed = new byte[bytes.length + esc.length()];
      System.arraycopy(esc.getBytes(LATIN1), 0, framed, 0, esc.length());
      System.arraycopy(bytes, 0, framed, esc.length(), bytes.length);
      out.append(decodeWith(charsetOrLatin1("ISO-2022-JP-2"), framed, 0, framed.length));
      return;
    }
    if (g1 == null) {
      out.append(new String(bytes, LATIN1));
    } else if (g1 == Set.KATAKANA) {
      out.append(decodeIr13(bytes, 0, bytes.length));
    } else {
      out.append(decodeWith(g1.charset, bytes, 0, bytes.length));
    }
  }

  private static String decodeWith(Charset cs, byte[] bytes, int offset, int length) {
    try {
      return cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      // REPLACE never throws; keep the compiler satisfied without hiding real errors.
      throw new IllegalStateException(e);
    }
  }

  private static Charset charsetOrLatin1(String name) {
    try {
      return Charset.forName(name);
    } catch (RuntimeException e) {
      return LATIN1;
    }
  }

  /**
   * Encodes text of a charset-dependent value (PS3.5 §6.1.2.3) for writing. Character sets with
   * ISO 2022 code extensions are not encoded: choosing escape sequences is a writer's policy this
   * class does not have; use ISO_IR 192 (UTF-8) for new text.
   *
   * @throws IllegalArgumentException for code extensions or text the character set cannot map
   */
  public byte[] encode(String text) {
    if (whole == null) {
      throw new IllegalArgumentException("Encoding text in " + this
          + " (ISO 2022 code extensions) is not supported; use ISO_IR 192");
    }
    if (!whole.newEncoder().canEncode(text)) {
      throw new IllegalArgumentException("Text cannot be encoded in " + whole.name() + ": " + text);
    }
    return text.getBytes(whole);
  }

  @Override
  public String toString() {
    return String.join("\\", terms);
  }
}
