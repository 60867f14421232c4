package dev.lightbox.dicom.data;

/**
 * A PN value split into its component groups (PS3.5 §6.2.1.1): alphabetic, ideographic and
 * phonetic, each a {@code ^}-separated list of family, given, middle, prefix and suffix.
 */
public record PersonName(String alphabetic, String ideographic, String phonetic) {

  /** Splits a decoded PN value at {@code =}. Missing groups are empty strings. */
  public static PersonName parse(String value) {
    String[] groups = value.split("=", -1);
    return new PersonName(
        group(groups, 0), group(groups, 1), group(groups, 2));
  }

  private static String group(String[] groups, int i) {
    return i < groups.length ? stripTrailingCarets(groups[i]) : "";
  }

  // Trailing empty components carry no information (PS3.5 §6.2.1.1: they may be omitted).
  private static String stripTrailingCarets(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '^' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** True when every group is empty (e.g. a value of only delimiters). */
  public boolean isEmpty() {
    return alphabetic.isEmpty() && ideographic.isEmpty() && phonetic.isEmpty();
  }

  /** The {@code ^}-separated components of the alphabetic group. */
  public String[] alphabeticComponents() {
    return alphabetic.split("\\^", -1);
  }

  public String familyName() {
    return alphabeticComponents()[0];
  }

  public String givenName() {
    String[] c = alphabeticComponents();
    return c.length > 1 ? c[1] : "";
  }
}
