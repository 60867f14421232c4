package dev.lightbox.storage.index;

import java.util.regex.Pattern;

/**
 * The value formats of PS3.5 Table 6.2-1 that the index relies on to match and sort, and the
 * full-precision keys that make partial TM/DT values compare correctly as text.
 */
final class ValueFormats {

  /** PS3.5 §9.1: a UID is at most 64 characters of digits and dots. */
  static final Pattern UID = Pattern.compile("[0-9.]{1,64}");
  /** DA: YYYYMMDD. */
  static final Pattern DATE = Pattern.compile("[0-9]{8}");
  /** TM: HH[MM[SS[.F{1,6}]]]. */
  static final Pattern TIME = Pattern.compile("[0-9]{2}([0-9]{2}([0-9]{2}(\\.[0-9]{1,6})?)?)?");
  /** DT without its UTC offset: YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]]. */
  static final Pattern DATETIME_LOCAL =
      Pattern.compile("[0-9]{4}(([0-9]{2}){1,5}(\\.[0-9]{1,6})?)?");
  /** DT with an optional &ZZXX offset (ignored for matching). */
  static final Pattern DATETIME = Pattern.compile(DATETIME_LOCAL.pattern() + "([+-][0-9]{4})?");
  /** IS: an optionally signed integer. */
  static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,11}");

  private static final String TIME_MIN = "000000.000000";
  private static final String TIME_MAX = "235959.999999";
  private static final String DATETIME_MIN = "00000101000000.000000";
  private static final String DATETIME_MAX = "99991231235959.999999";

  private ValueFormats() {}

  /** Why {@code value} is not a valid stored value of {@code kind}, or null when it is. */
  static String problem(ValueKind kind, String value) {
    return switch (kind) {
      case UID -> {
        for (String uid : value.split("\\\\", -1)) {
          if (!UID.matcher(uid).matches()) {
            yield "is not a UID (1-64 digits and dots, PS3.5 §9.1)";
          }
        }
        yield null;
      }
      case DATE -> DATE.matcher(value).matches() ? null : "is not a date YYYYMMDD (PS3.5 Table 6.2-1 DA)";
      case TIME -> TIME.matcher(value).matches() ? null
          : "is not a time HH[MM[SS[.FFFFFF]]] (PS3.5 Table 6.2-1 TM)";
      case DATETIME -> DATETIME.matcher(value).matches() ? null
          : "is not a date-time YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][&ZZXX] (PS3.5 Table 6.2-1 DT)";
      case INTEGER -> isInt(value) ? null : "is not an integer in -2^31..2^31-1 (PS3.5 Table 6.2-1 IS)";
      case STRING, PERSON_NAME -> null;
    };
  }

  static boolean isInt(String value) {
    if (!INTEGER.matcher(value).matches()) {
      return false;
    }
    long v = Long.parseLong(value);
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
  }

  /**
   * The sortable key of a valid TM or DT value: missing components are the lowest ({@code upper}
   * false) or highest ({@code upper} true) they could be, so "14" as a range end covers 14:59:59.
   * A DT offset is dropped.
   */
  static String key(ValueKind kind, String value, boolean upper) {
    if (kind == ValueKind.TIME) {
      return fill(value, upper ? TIME_MAX : TIME_MIN, 6);
    }
    if (kind == ValueKind.DATETIME) {
      String local = value;
      int sign = Math.max(value.indexOf('+'), value.indexOf('-'));
      if (sign > 0) {
        local = value.substring(0, sign);
      }
      return fill(local, upper ? DATETIME_MAX : DATETIME_MIN, 14);
    }
    throw new IllegalArgumentException("no key for " + kind);
  }

  /** {@code value} (digits, optional fraction) completed from {@code template}. */
  private static String fill(String value, String template, int integerDigits) {
    int dot = value.indexOf('.');
    String whole = dot < 0 ? value : value.substring(0, dot);
    String fraction = dot < 0 ? "" : value.substring(dot + 1);
    StringBuilder b = new StringBuilder(template.length());
    b.append(whole).append(template, whole.length(), integerDigits).append('.');
    b.append(fraction).append(template, integerDigits + 1 + fraction.length(), template.length());
    return b.toString();
  }
}
