package dev.lightbox.storage.index;

import java.util.List;

/** One page of a listing plus the number of rows matching the filters overall. */
public record InstancePage(List<InstanceRecord> items, long total, int limit, long offset) {

  public InstancePage {
    items = List.copyOf(items);
  }
}
