package dev.lightbox.dicom.validate;

import dev.lightbox.dicom.data.Tag;

/**
 * The tag path of the element or item being validated, formatted as the reader formats it (e.g.
 * {@code (0008,1140)/0/(0008,1155)}) so that a refusal at ingest and one from {@code lightbox dump}
 * name the same place. Formatted only when a problem needs the text.
 */
final class WalkPath {
  static final WalkPath ROOT = new WalkPath(null, 0, -1);

  private final WalkPath parent;
  private final int tag;
  private final int item;

  private WalkPath(WalkPath parent, int tag, int item) {
    this.parent = parent;
    this.tag = tag;
    this.item = item;
  }

  WalkPath tag(int tag) {
    return new WalkPath(this, tag, -1);
  }

  WalkPath item(int index) {
    return new WalkPath(this, 0, index);
  }

  @Override
  public String toString() {
    if (parent == null) {
      return "";
    }
    String head = parent.toString();
    String self = item >= 0 ? Integer.toString(item) : Tag.toString(tag);
    return head.isEmpty() ? self : head + "/" + self;
  }
}
