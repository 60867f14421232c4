package dev.lightbox.storage.index;

import java.util.List;

/** One page of a query's result plus the number of entities matching overall. */
public record QueryPage(List<QueryRow> rows, long total, int limit, long offset) {

  public QueryPage {
    rows = List.copyOf(rows);
  }
}
