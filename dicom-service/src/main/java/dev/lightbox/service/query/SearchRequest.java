package dev.lightbox.service.query;

import dev.lightbox.storage.index.QueryLevel;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A search as a client states it (QIDO-RS, PS3.18 §8.3.4 and §10.6.1; C-FIND identifiers map to it
 * too): the level, the matching keys by keyword or tag ({@code PatientName}, {@code 00100010}) with
 * their values in the forms of PS3.4 C.2.2.2, the extra return keys ({@code includefield}, or
 * {@code all}), fuzzy person-name matching and the page. Keys are kept as given; {@link
 * QueryService} resolves and validates them.
 *
 * @param limit page size, or 0 for the default
 */
public record SearchRequest(Level level, List<Map.Entry<String, String>> keys,
    List<String> includeFields, boolean fuzzy, int limit, long offset) {

  /** The resource searched (PS3.18 Table 10.6.1-2). */
  public enum Level {
    STUDY(QueryLevel.STUDY),
    SERIES(QueryLevel.SERIES),
    INSTANCE(QueryLevel.INSTANCE);

    private final QueryLevel index;

    Level(QueryLevel index) {
      this.index = index;
    }

    QueryLevel index() {
      return index;
    }
  }

  public SearchRequest {
    Objects.requireNonNull(level, "level");
    keys = List.copyOf(keys);
    includeFields = List.copyOf(includeFields);
  }
}
