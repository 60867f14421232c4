package dev.lightbox.storage.index;

import java.util.List;
import java.util.Objects;

/**
 * A hierarchical query (PS3.4 C.6 C-FIND, PS3.18 §10.6 QIDO-RS): entities of {@code level} whose
 * attributes satisfy every match. Matches may name attributes of the queried level or of any level
 * above it; a higher-level key is matched against the parent's values (the study's values for a
 * series query, for example).
 *
 * @param fuzzyPersonNames match PN keys case-insensitively (the QIDO-RS {@code fuzzymatching}
 *     parameter, PS3.18 §8.3.4.1)
 * @param limit page size, 1..{@value #MAX_LIMIT}
 * @param offset entities to skip
 */
public record IndexQuery(QueryLevel level, List<Match> matches, boolean fuzzyPersonNames, int limit, long offset) {

  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_LIMIT = 100;

  public IndexQuery {
    Objects.requireNonNull(level, "level");
    matches = List.copyOf(matches);
    for (Match m : matches) {
      if (!level.canMatch(m.attribute().level())) {
        throw new IllegalArgumentException(m.attribute().describe() + " is a key of the "
            + m.attribute().level() + " level and cannot be matched in a " + level + "-level query");
      }
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " outside 1.." + MAX_LIMIT);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
  }

  /** Every entity of {@code level}, first page. */
  public static IndexQuery of(QueryLevel level, Match... matches) {
    return new IndexQuery(level, List.of(matches), false, DEFAULT_LIMIT, 0);
  }

  public IndexQuery fuzzy(boolean fuzzy) {
    return new IndexQuery(level, matches, fuzzy, limit, offset);
  }

  public IndexQuery page(int newLimit, long newOffset) {
    return new IndexQuery(level, matches, fuzzyPersonNames, newLimit, newOffset);
  }
}
