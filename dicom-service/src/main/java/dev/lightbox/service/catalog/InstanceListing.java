package dev.lightbox.service.catalog;

import dev.lightbox.service.StoredInstance;
import java.util.List;

/** One page of a listing: the items, how many match in all, and the page asked for. */
public record InstanceListing(List<StoredInstance> items, long total, int limit, long offset) {
  public InstanceListing {
    items = List.copyOf(items);
  }
}
