package dev.lightbox.dicom.data;

/**
 * A PN value split into its component groups (PS3.5 §6.2.1.1): alphabetic, ideographic and
 * phonetic, each a {@code ^}-separated list of family, given, middle, prefix and suffix.
 *
 * <p>Leading and trailing spaces of every component are insignificant: PS3.5 Table 6.2-1 (PN,
 * since CP-726) says DICOM allows them and considers them insignificant. {@link #normalize} drops
 * them, with the empty trailing components and groups they may leave; DICOM JSON, the attribute
 * route, the index and QIDO keys all go through it (docs/dicomweb.md, "Person names").
 */
public record PersonName(String alphabetic, String ideographic, String phonetic) {

  /** Splits a decoded PN value at {@code =}. Missing groups are empty strings. */
  public static PersonName parse(String value) {
    String[] groups = value.split("=", -1);
    return new PersonName(
        group(groups, 0), group(groups, 1), group(groups, 2));
  }

  /**
   * The value with the spaces around every component removed, then trailing empty components and
   * trailing empty groups (PS3.5 §6.2.1.1: they may be omitted); {@code " Doe ^ John ^"} becomes
   * {@code "Doe^John"}. QIDO wildcards ({@code *}, {@code ?}) are kept as they are.
   */
  public static String normalize(String value) {
    String[] groups = value.split("=", -1);
    StringBuilder out = new StringBuilder(value.length());
    int kept = 0;
    for (int g = 0; g < groups.length; g++) {
      String group = normalizeGroup(groups[g]);
      if (!group.isEmpty()) {
        while (kept < g) {
          out.append('=');
          kept++;
        }
        out.append(group);
      }
    }
    return out.toString();
  }

  private static String group(String[] groups, int i) {
    return i < groups.length ? normalizeGroup(groups[i]) : "";
  }

  private static String normalizeGroup(String group) {
    String[] components = group.split("\\^", -1);
    int last = components.length - 1;
    while (last >= 0 && strip(components[last]).isEmpty()) {
      last--;
    }
    StringBuilder out = new StringBuilder(group.length());
    for (int c = 0; c <= last; c++) {
      if (c > 0) {
        out.append('^');
      }
      out.append(strip(components[c]));
    }
    return out.toString();
  }

  /** Removes leading and trailing SPACE (20H), the padding character of PS3.5 §6.2. */
  private static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    return s.substring(from, to);
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
