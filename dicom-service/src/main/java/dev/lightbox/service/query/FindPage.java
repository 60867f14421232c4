package dev.lightbox.service.query;

import java.util.List;
import java.util.Map;

/**
 * One page of C-FIND matches: for each entity the indexed values of its level and the levels above
 * it, by tag ({@code 0xGGGGEEEE}), multiple values joined with backslashes as in DICOM; and how
 * many entities matched overall (to page on).
 */
public record FindPage(List<Map<Integer, String>> rows, long total) {
  public FindPage {
    rows = List.copyOf(rows);
  }
}
