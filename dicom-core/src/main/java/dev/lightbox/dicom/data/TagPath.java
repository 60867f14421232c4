package dev.lightbox.dicom.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A path to an attribute, possibly inside sequence items: {@code PatientName}, {@code
 * (0010,0010)}, or {@code ReferencedImageSequence/0/ReferencedSOPInstanceUID}. Item indices are
 * 0-based. Each tag may be written as 8 hex digits ({@code 00100010}), {@code (0010,0010)}, {@code
 * 0010,0010}, {@code 0x00100010}, or a PS3.6 keyword. Private tags are written by number.
 *
 * @param tags the tag of each step, outermost first
 * @param items the item index after each tag but the last ({@code items.length == tags.length - 1})
 */
public record TagPath(int[] tags, int[] items) {
  private static final int MAX_STEPS = 64;

  public TagPath {
    tags = tags.clone();
    items = items.clone();
    if (tags.length == 0 || items.length != tags.length - 1) {
      throw new IllegalArgumentException("a path has n tags and n-1 item indices");
    }
  }

  public static TagPath of(int tag) {
    return new TagPath(new int[] {tag}, new int[0]);
  }

  /** Parses a path; throws {@link InvalidTagPathException} naming the problem. */
  public static TagPath parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidTagPathException(String.valueOf(text), "empty");
    }
    String trimmed = text.strip();
    String[] parts = trimmed.split("/", -1);
    if (parts.length > 2 * MAX_STEPS) {
      throw new InvalidTagPathException(abbreviate(trimmed), "more than " + MAX_STEPS + " steps");
    }
    if (parts.length % 2 == 0) {
      throw new InvalidTagPathException(trimmed,
          "a path must end with an attribute, not an item index");
    }
    List<Integer> tags = new ArrayList<>();
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if (i % 2 == 0) {
        tags.add(parseTag(trimmed, parts[i].strip()));
      } else {
        items.add(parseIndex(trimmed, parts[i].strip()));
      }
    }
    return new TagPath(tags.stream().mapToInt(Integer::intValue).toArray(),
        items.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Parses one tag in any accepted form. */
  public static int parseTag(String path, String s) {
    if (s.isEmpty()) {
      throw new InvalidTagPathException(path, "empty step");
    }
    String hex = null;
    if (s.length() == 11 && s.charAt(0) == '(' && s.charAt(5) == ',' && s.charAt(10) == ')') {
      hex = s.substring(1, 5) + s.substring(6, 10);
    } else if (s.length() == 9 && s.charAt(4) == ',') {
      hex = s.substring(0, 4) + s.substring(5);
    } else if (s.length() == 10 && (s.startsWith("0x") || s.startsWith("0X"))) {
      hex = s.substring(2);
    } else if (s.length() == 8 && isHex(s)) {
      hex = s;
    }
    if (hex != null) {
      if (!isHex(hex)) {
        throw new InvalidTagPathException(path, "'" + s + "' is not hexadecimal");
      }
      return (int) Long.parseLong(hex, 16);
    }
    if (!isKeywordShaped(s)) {
      throw new InvalidTagPathException(path, "'" + abbreviate(s) + "' is not a tag or keyword");
    }
    OptionalInt tag = ElementDictionary.standard().tagForKeyword(s);
    if (tag.isEmpty()) {
      throw new InvalidTagPathException(path, "unknown keyword '" + s + "'");
    }
    return tag.getAsInt();
  }

  private static int parseIndex(String path, String s) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
      throw new InvalidTagPathException(path,
          "'" + abbreviate(s) + "' is not an item index (0-based digits)");
    }
    return Integer.parseInt(s);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKeywordShaped(String s) {
    if (s.length() > 64 || !Character.isLetter(s.charAt(0))) {
      return false;
    }
    return s.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** The attribute's own tag (the last step). */
  public int lastTag() {
    return tags[tags.length - 1];
  }

  public int depth() {
    return tags.length;
  }

  /** An attribute found by {@link #resolve}: the element and the dataset (item) that holds it. */
  public record Resolved(Dataset owner, Element element) {}

  /** Follows the path; empty when any step is absent or an index is past the last item. */
  public Optional<Resolved> resolve(Dataset root) {
    Dataset current = root;
    for (int i = 0; i < items.length; i++) {
      Optional<Sequence> seq = current.sequence(tags[i]);
      if (seq.isEmpty() || items[i] >= seq.get().size()) {
        return Optional.empty();
      }
      current = seq.get().item(items[i]);
    }
    Dataset owner = current;
    return current.element(lastTag()).map(e -> new Resolved(owner, e));
  }

  /** Canonical slash form with 8-hex-digit tags, e.g. {@code 00081140/0/00081155}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tags.length; i++) {
      if (i > 0) {
        sb.append('/').append(items[i - 1]).append('/');
      }
      sb.append(Tag.toHex(tags[i]));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TagPath p && java.util.Arrays.equals(tags, p.tags)
        && java.util.Arrays.equals(items, p.items);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(tags) + java.util.Arrays.hashCode(items);
  }
}
