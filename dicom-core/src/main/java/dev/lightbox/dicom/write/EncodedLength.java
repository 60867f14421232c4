package dev.lightbox.dicom.write;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;

/**
 * The number of bytes an element, item or dataset takes when written, computed from the values
 * without writing them: group lengths (PS3.5 §7.2) and defined-length sequences and items (PS3.5
 * §7.5) need it before the bytes go out.
 */
final class EncodedLength {
  /** Item and delimiter headers: tag and 32-bit length (PS3.5 §7.5). */
  static final int ITEM_HEADER = 8;

  private final boolean explicitVr;
  private final WriteOptions.Lengths lengths;

  EncodedLength(boolean explicitVr, WriteOptions.Lengths lengths) {
    this.explicitVr = explicitVr;
    this.lengths = lengths;
  }

  /** Value length rounded up to even: odd values get one padding byte (PS3.5 §7.1.1). */
  static long paddedLength(Object value) {
    long n = value instanceof byte[] b ? b.length : ((BulkDataRef) value).length();
    return n + (n & 1);
  }

  /**
   * The VR written in an explicit-VR header: a value too long for a 16-bit length field is written
   * as UN, whose header has a 32-bit length (PS3.5 §6.2.2 Note).
   */
  static Vr headerVr(Vr vr, long valueLength) {
    return !vr.longHeader() && valueLength > 0xFFFF ? Vr.UN : vr;
  }

  long header(Vr vr, long valueLength) {
    return explicitVr && headerVr(vr, valueLength).longHeader() ? 12 : 8;
  }

  /** The whole element: header and value, including items and delimiters of a sequence. */
  long element(Element e) {
    Object value = e.value();
    if (value instanceof Sequence seq) {
      return header(Vr.SQ, 0) + sequenceValue(seq);
    }
    if (value instanceof Fragments fragments) {
      return 12 + fragmentsValue(fragments);
    }
    if (Tag.isGroupLength(e.tag())) {
      return header(Vr.UL, 4) + 4;
    }
    long n = paddedLength(value);
    return header(e.vr(), n) + n;
  }

  /** Sequence value: its items, plus the sequence delimiter when of undefined length. */
  long sequenceValue(Sequence seq) {
    if (seq.size() == 0) {
      return 0;
    }
    long sum = 0;
    for (Dataset item : seq.items()) {
      sum += ITEM_HEADER + itemValue(item) + (undefined() ? ITEM_HEADER : 0);
    }
    return sum + (undefined() ? ITEM_HEADER : 0);
  }

  long itemValue(Dataset item) {
    long sum = 0;
    for (Element e : item) {
      sum += element(e);
    }
    return sum;
  }

  /** The elements of {@code tag}'s group that follow the group length element at this level. */
  long groupValue(Dataset ds, int groupLengthTag) {
    int group = Tag.group(groupLengthTag);
    long sum = 0;
    for (Element e : ds) {
      if (Tag.group(e.tag()) == group && e.tag() != groupLengthTag) {
        sum += element(e);
      }
    }
    return sum;
  }

  /** Basic Offset Table item, fragment items and the sequence delimiter (PS3.5 §A.4). */
  static long fragmentsValue(Fragments fragments) {
    long sum = ITEM_HEADER + 4L * fragments.basicOffsetTableLength();
    for (BulkDataRef f : fragments.fragments()) {
      sum += ITEM_HEADER + paddedLength(f);
    }
    return sum + ITEM_HEADER;
  }

  boolean undefined() {
    return lengths == WriteOptions.Lengths.UNDEFINED;
  }
}
