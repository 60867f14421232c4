package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/** The time budget of one decode: checked between packets and code-blocks. */
final class Deadline {
  private final long end;
  private int calls;

  Deadline(long budgetNanos) {
    long now = System.nanoTime();
    this.end = budgetNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + budgetNanos;
  }

  void check(String where, long offset) throws CodecException {
    if ((++calls & 255) == 0 && System.nanoTime() > end) {
      throw J2kException.at(where, offset, "decoding exceeded its time budget");
    }
  }
}
