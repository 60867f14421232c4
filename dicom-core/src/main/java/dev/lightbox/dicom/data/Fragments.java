package dev.lightbox.dicom.data;

import java.util.List;

/**
 * Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table (possibly empty) and the fragment
 * items that follow it, each left in the source.
 *
 * @param basicOffsetTable offsets of each frame's first fragment, relative to the first byte of the
 *     first fragment item's tag; empty when the table is empty
 * @param fragments the value of each fragment item, in order
 */
public record Fragments(long[] basicOffsetTable, List<BulkDataRef> fragments) {
  public Fragments {
    basicOffsetTable = basicOffsetTable.clone();
    fragments = List.copyOf(fragments);
  }

  @Override
  public long[] basicOffsetTable() {
    return basicOffsetTable.clone();
  }

  public int basicOffsetTableLength() {
    return basicOffsetTable.length;
  }

  public long basicOffset(int frame) {
    return basicOffsetTable[frame];
  }
}
