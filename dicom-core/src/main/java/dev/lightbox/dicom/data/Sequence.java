package dev.lightbox.dicom.data;

import java.util.List;

/** The items of a sequence (SQ) value, each an immutable {@link Dataset} (PS3.5 §7.5). */
public record Sequence(List<Dataset> items) {
  public Sequence {
    items = List.copyOf(items);
  }

  public int size() {
    return items.size();
  }

  public Dataset item(int index) {
    return items.get(index);
  }
}
