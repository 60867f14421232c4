package dev.lightbox.dicom.io;

import dev.lightbox.dicom.data.Tag;

/**
 * Where the reader is: the tag path of the element being read, e.g. {@code
 * (0008,1140)/0/(0008,1155)}. Nodes are linked to their parent and formatted only when an error
 * or a tolerated problem needs the text, so the common path costs one small object per element.
 * Shared with the streaming validator, so a refusal at ingest and one from {@code lightbox dump}
 * name the same place.
 */
public final class Trace {
  public static final Trace ROOT = new Trace(null, 0, -1);

  private final Trace parent;
  private final int tag;
  private final int item;

  private Trace(Trace parent, int tag, int item) {
    this.parent = parent;
    this.tag = tag;
    this.item = item;
  }

  /** The element {@code tag} inside this dataset or item. */
  public Trace tag(int tag) {
    return new Trace(this, tag, -1);
  }

  /** Item {@code index} (0-based) of this sequence. */
  public Trace item(int index) {
    return new Trace(this, 0, index);
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
