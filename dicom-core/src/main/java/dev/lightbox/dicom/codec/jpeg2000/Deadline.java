package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;

/** The time budget of one decode: checked before every packet and code-block (~25 ns each). */
final class Deadline {
  private final long end;

  Deadline(long budgetNanos) {
    long now = System.nanoTime();
    this.end = budgetNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + budgetNanos;
  }

  void check(String where, long offset) throws CodecException {
    if (System.nanoTime() > end) {
      throw J2kException.at(where, offset, "decoding exceeded its time budget");
    }
  }
}
