package dev.lightbox.dicom.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the lines of {@code dictionary.tsv}, written by {@code scripts/dictionary/generate.py}:
 * {@code tagPattern TAB vrs TAB vm TAB keyword TAB name TAB retired}, where {@code vrs} is
 * {@code |}-separated and {@code retired} is {@code R} or empty. Lines starting with {@code #} are
 * comments.
 */
final class DictionaryTsv {
  private DictionaryTsv() {}

  static final int FIELDS = 6;

  /** True for lines that carry no entry. */
  static boolean isComment(String line) {
    return line.isEmpty() || line.charAt(0) == '#';
  }

  /**
   * The entry on {@code line}.
   *
   * @throws IllegalArgumentException naming {@code lineNumber} when the line is malformed
   */
  static DictionaryEntry parseLine(String line, int lineNumber) {
    String[] f = splitTabs(line, lineNumber);
    String pattern = f[0];
    int tag = parsePattern(pattern, lineNumber);
    List<Vr> vrs = new ArrayList<>(3);
    int start = 0;
    String vrField = f[1];
    while (start <= vrField.length()) {
      int bar = vrField.indexOf('|', start);
      int end = bar < 0 ? vrField.length() : bar;
      String code = vrField.substring(start, end);
      Vr vr = Vr.fromCode(code).orElse(null);
      if (vr == null) {
        throw error(lineNumber, "unknown VR '" + code + "'");
      }
      vrs.add(vr);
      start = end + 1;
    }
    if (f[2].isEmpty() || f[3].isEmpty() || f[4].isEmpty()) {
      throw error(lineNumber, "empty VM, keyword or name");
    }
    boolean retired;
    switch (f[5]) {
      case "R" -> retired = true;
      case "" -> retired = false;
      default -> throw error(lineNumber, "retired flag must be 'R' or empty, was '" + f[5] + "'");
    }
    return new DictionaryEntry(tag, pattern, f[3], f[4], vrs, f[2], retired);
  }

  /** Value of the pattern with each {@code x} read as 0. */
  static int parsePattern(String pattern, int lineNumber) {
    if (pattern.length() != 8) {
      throw error(lineNumber, "tag pattern '" + pattern + "' is not 8 characters");
    }
    int value = 0;
    for (int i = 0; i < 8; i++) {
      char c = pattern.charAt(i);
      int digit = c == 'x' ? 0 : Character.digit(c, 16);
      if (digit < 0 || (c >= 'a' && c <= 'f')) {
        throw error(lineNumber, "bad character '" + c + "' in tag pattern '" + pattern + "'");
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** Bit mask with F for each fixed hex digit of the pattern and 0 for each {@code x}. */
  static int maskOf(String pattern) {
    int mask = 0;
    for (int i = 0; i < 8; i++) {
      mask = (mask << 4) | (pattern.charAt(i) == 'x' ? 0 : 0xF);
    }
    return mask;
  }

  private static String[] splitTabs(String line, int lineNumber) {
    String[] fields = new String[FIELDS];
    int start = 0;
    for (int i = 0; i < FIELDS - 1; i++) {
      int tab = line.indexOf('\t', start);
      if (tab < 0) {
        throw error(lineNumber, "expected " + FIELDS + " tab-separated fields, found " + (i + 1));
      }
      fields[i] = line.substring(start, tab);
      start = tab + 1;
    }
    if (line.indexOf('\t', start) >= 0) {
      throw error(lineNumber, "more than " + FIELDS + " tab-separated fields");
    }
    fields[FIELDS - 1] = line.substring(start);
    return fields;
  }

  private static IllegalArgumentException error(int lineNumber, String message) {
    return new IllegalArgumentException("dictionary.tsv line " + lineNumber + ": " + message);
  }
}
