package dev.lightbox.storage.index;

import java.util.List;
import java.util.Optional;

/** A parsed, validated match value (PS3.4 C.2.2.2): what {@link Match} turns into SQL. */
sealed interface Condition {

  /** Zero-length value or a lone "*": every entity matches (C.2.2.2.3). */
  record Universal() implements Condition {}

  /** Single value matching (C.2.2.2.1): equal to {@code value}. */
  record Equal(String value) implements Condition {}

  /** Wildcard matching (C.2.2.2.4): the value with '*' and '?' still in it. */
  record Wildcard(String pattern) implements Condition {}

  /** List of UID matching (C.2.2.2.2). */
  record UidList(List<String> uids) implements Condition {}

  /**
   * Range matching (C.2.2.2.5): inclusive bounds, either may be open. For TM and DT the bounds
   * are full-precision keys (the lower one filled with minimum, the upper with maximum values).
   */
  record Range(Optional<String> lower, Optional<String> upper) implements Condition {}
}
