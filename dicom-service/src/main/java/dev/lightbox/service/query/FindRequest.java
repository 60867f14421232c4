package dev.lightbox.service.query;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hierarchical search as C-FIND states it (PS3.4 C.4.1.1.3, C.6.1/C.6.2): the level, the keys
 * by tag with their values in the forms of PS3.4 C.2.2.2 (an empty value is universal matching, a
 * return key only), case-insensitive person-name matching when configured, and the page.
 *
 * @param limit page size, 1..{@link QueryService#MAX_LIMIT}
 */
public record FindRequest(Level level, List<Map.Entry<Integer, String>> keys, boolean fuzzy,
    int limit, long offset) {

  /** The Query/Retrieve levels (PS3.4 C.6.1.1, C.6.2.1; IMAGE is the instance level). */
  public enum Level {
    PATIENT, STUDY, SERIES, INSTANCE
  }

  public FindRequest {
    Objects.requireNonNull(level, "level");
    keys = List.copyOf(keys);
  }
}
