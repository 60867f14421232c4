package dev.lightbox.storage.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One matching key of a query: an attribute and its value in the forms of PS3.4 C.2.2.2. The value
 * is validated on construction; an unusable one is an {@link IllegalArgumentException} that names
 * the attribute and says which forms are accepted.
 *
 * <ul>
 *   <li>empty, or "*" alone: universal matching;</li>
 *   <li>UID: one UID, or several separated by backslashes (list matching, at most
 *       {@value #MAX_UIDS});</li>
 *   <li>STRING, PERSON_NAME: single value, or wildcards {@code *} (any run) and {@code ?} (one
 *       character); every other character, {@code %} and {@code _} included, is literal;</li>
 *   <li>DATE, TIME, DATETIME: single value or a range {@code A-B}, {@code A-} or {@code -B}; a
 *       partial TM/DT bound covers its whole span ("14" as an end means up to 14:59:59.999999);
 *       DT match values carry no UTC offset;</li>
 *   <li>INTEGER: single value.</li>
 * </ul>
 */
public record Match(IndexedAttribute attribute, String value) {

  public static final int MAX_UIDS = 1000;
  /** Longest match value accepted (a wildcard pattern may be longer than a stored value). */
  public static final int MAX_VALUE_LENGTH = 1024;

  public Match {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(value, "value");
    parse(attribute, value);
  }

  /** The parsed form of {@link #value}. */
  Condition condition() {
    return parse(attribute, value);
  }

  private static Condition parse(IndexedAttribute a, String value) {
    if (value.isEmpty() || value.equals("*")) {
      return new Condition.Universal();
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(a.describe() + ": match value is " + value.length()
          + " characters, longer than " + MAX_VALUE_LENGTH);
    }
    return switch (a.kind()) {
      case UID -> uids(a, value);
      case STRING, PERSON_NAME -> value.indexOf('*') >= 0 || value.indexOf('?') >= 0
          ? new Condition.Wildcard(value) : new Condition.Equal(value);
      case INTEGER -> {
        if (!ValueFormats.isInt(value)) {
          throw new IllegalArgumentException(a.describe() + ": \"" + AttributeValues.shorten(value)
              + "\" is not an integer (single value matching only, PS3.4 C.2.2.2.1)");
        }
        yield new Condition.Equal(Integer.toString(Integer.parseInt(value)));
      }
      case DATE, TIME, DATETIME -> range(a, value);
    };
  }

  private static Condition uids(IndexedAttribute a, String value) {
    String[] parts = value.split("\\\\", -1);
    if (parts.length > MAX_UIDS) {
      throw new IllegalArgumentException(a.describe() + ": " + parts.length + " UIDs in a list, more than "
          + MAX_UIDS);
    }
    List<String> uids = new ArrayList<>(parts.length);
    for (String uid : parts) {
      if (!ValueFormats.UID.matcher(uid).matches()) {
        throw new IllegalArgumentException(a.describe() + ": \"" + AttributeValues.shorten(uid)
            + "\" is not a UID (1-64 digits and dots, PS3.5 §9.1); wildcards are not allowed for UIDs, "
            + "a list is UIDs separated by backslashes (PS3.4 C.2.2.2.2)");
      }
      uids.add(uid);
    }
    return uids.size() == 1 ? new Condition.Equal(uids.get(0)) : new Condition.UidList(List.copyOf(uids));
  }

  private static Condition range(IndexedAttribute a, String value) {
    ValueKind kind = a.kind();
    int dash = value.indexOf('-');
    if (dash < 0) {
      if (!valid(kind, value)) {
        throw malformed(a, value);
      }
      return kind == ValueKind.DATE ? new Condition.Equal(value)
          : new Condition.Equal(ValueFormats.key(kind, value, false));
    }
    String lower = value.substring(0, dash);
    String upper = value.substring(dash + 1);
    if ((lower.isEmpty() && upper.isEmpty()) || (!lower.isEmpty() && !valid(kind, lower))
        || (!upper.isEmpty() && !valid(kind, upper))) {
      throw malformed(a, value);
    }
    Optional<String> lo = lower.isEmpty() ? Optional.empty() : Optional.of(bound(kind, lower, false));
    Optional<String> hi = upper.isEmpty() ? Optional.empty() : Optional.of(bound(kind, upper, true));
    if (lo.isPresent() && hi.isPresent() && lo.get().compareTo(hi.get()) > 0) {
      throw new IllegalArgumentException(a.describe() + ": range start " + lower + " is after its end " + upper);
    }
    return new Condition.Range(lo, hi);
  }

  private static boolean valid(ValueKind kind, String v) {
    return switch (kind) {
      case DATE -> ValueFormats.DATE.matcher(v).matches();
      case TIME -> ValueFormats.TIME.matcher(v).matches();
      default -> ValueFormats.DATETIME_LOCAL.matcher(v).matches();
    };
  }

  private static String bound(ValueKind kind, String v, boolean upper) {
    return kind == ValueKind.DATE ? v : ValueFormats.key(kind, v, upper);
  }

  private static IllegalArgumentException malformed(IndexedAttribute a, String value) {
    String form = switch (a.kind()) {
      case DATE -> "YYYYMMDD";
      case TIME -> "HH[MM[SS[.FFFFFF]]]";
      default -> "YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]]";
    };
    String what = a.kind() == ValueKind.DATE ? "date" : a.kind() == ValueKind.TIME ? "time" : "date-time";
    return new IllegalArgumentException(a.describe() + ": malformed " + what + " match \""
        + AttributeValues.shorten(value) + "\": expected " + form + ", " + form + "-" + form + ", " + form
        + "- or -" + form + " (PS3.4 C.2.2.2.5)");
  }
}
