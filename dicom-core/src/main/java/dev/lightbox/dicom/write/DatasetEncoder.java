package dev.lightbox.dicom.write;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.ByteSource;
import java.io.IOException;

/**
 * Writes the elements of a dataset in one transfer syntax (PS3.5 §7): explicit or implicit VR
 * headers, the target byte order (binary values are swapped when the dataset was read in the
 * other one), sequences and items, encapsulated pixel data, and values left in the source streamed
 * from it in bounded chunks.
 *
 * <p>Values are written as stored: string bytes are not re-encoded, so text keeps its character
 * set encoding byte for byte. Odd-length values (tolerated by the lenient reader) get the VR's
 * padding byte (PS3.5 §7.1.1). Group length elements (gggg,0000) present in the dataset are
 * recomputed for what is written (PS3.5 §7.2).
 */
final class DatasetEncoder {
  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final long MAX_LENGTH = 0xFFFFFFFEL;

  private final DicomOutput out;
  private final TransferSyntax syntax;
  private final ByteSource source;
  private final WriteOptions options;
  private final EncodedLength lengths;
  private byte[] chunk;

  DatasetEncoder(DicomOutput out, TransferSyntax syntax, ByteSource source, WriteOptions options) {
    this.out = out;
    this.syntax = syntax;
    this.source = source;
    this.options = options;
    this.lengths = new EncodedLength(syntax.explicitVr(), options.lengths());
    out.bigEndian(syntax.bigEndian());
  }

  /**
   * Where an element sits: its tag, inside item {@code item} of the element {@code parent} (null at
   * top level). Formatted only for an error message, so writing costs no string building.
   */
  private record Position(Position parent, int item, int tag) {
    String describe() {
      String own = Tag.toString(tag);
      return parent == null ? own : parent.describe() + "/" + item + "/" + own;
    }
  }

  void dataset(Dataset ds) throws IOException {
    dataset(ds, null, -1);
  }

  private void dataset(Dataset ds, Position parent, int item) throws IOException {
    for (Element e : ds) {
      element(ds, e, new Position(parent, item, e.tag()));
    }
  }

  private void element(Dataset owner, Element e, Position path) throws IOException {
    Object value = e.value();
    if (Tag.isGroupLength(e.tag()) && !(value instanceof Sequence)) {
      header(e.tag(), Vr.UL, 4);
      out.u32(lengths.groupValue(owner, e.tag()));
    } else if (value instanceof Sequence seq) {
      sequence(e.tag(), seq, path);
    } else if (value instanceof Fragments fragments) {
      fragments(e.tag(), fragments, path);
    } else {
      if (e.tag() == Tag.PIXEL_DATA && path.parent() == null && syntax.encapsulated()) {
        throw new DicomWriteException("Native pixel data cannot be written in " + syntax
            + " without encoding it", path.describe());
      }
      plain(owner, e, path);
    }
  }

  private void plain(Dataset owner, Element e, Position path) throws IOException {
    Object value = e.value();
    if (value instanceof BulkDataRef && source == null) {
      throw new DicomWriteException("Value left in the source but no source given",
          path.describe());
    }
    long padded = EncodedLength.paddedLength(value);
    if (padded > MAX_LENGTH) {
      throw new DicomWriteException("Value of " + padded + " bytes exceeds the 32-bit length",
          path.describe());
    }
    Vr vr = e.vr();
    if (syntax.explicitVr() && EncodedLength.headerVr(vr, padded) != vr && syntax.bigEndian()) {
      throw new DicomWriteException(vr + " value of " + padded
          + " bytes does not fit a 16-bit length and cannot be written as UN in big endian",
          path.describe());
    }
    header(e.tag(), vr, padded);
    int swap = owner.bigEndian() != syntax.bigEndian() ? swapUnit(vr) : 1;
    if (value instanceof byte[] bytes) {
      if (swap > 1) {
        byte[] copy = bytes.clone();
        swap(copy, copy.length, swap);
        out.write(copy);
      } else {
        out.write(bytes);
      }
    } else {
      copy((BulkDataRef) value, swap);
    }
    if (padded != e.length()) {
      out.write(vr.padding());
    }
  }

  private void sequence(int tag, Sequence seq, Position path) throws IOException {
    if (seq.size() == 0) {
      header(tag, Vr.SQ, 0);
      return;
    }
    boolean undefined = lengths.undefined();
    header(tag, Vr.SQ, undefined ? UNDEFINED : checked(lengths.sequenceValue(seq), path));
    for (int i = 0; i < seq.size(); i++) {
      Dataset item = seq.item(i);
      out.tag(Tag.ITEM);
      out.u32(undefined ? UNDEFINED : checked(lengths.itemValue(item), path));
      dataset(item, path, i);
      if (undefined) {
        out.tag(Tag.ITEM_DELIMITATION_ITEM);
        out.u32(0);
      }
    }
    if (undefined) {
      out.tag(Tag.SEQUENCE_DELIMITATION_ITEM);
      out.u32(0);
    }
  }

  /** Encapsulated pixel data (PS3.5 §A.4): OB of undefined length, offset table, fragments. */
  private void fragments(int tag, Fragments fragments, Position path) throws IOException {
    if (!syntax.encapsulated()) {
      throw new DicomWriteException("Encapsulated pixel data cannot be written in " + syntax
          + " without decoding it", path.describe());
    }
    if (source == null && !fragments.fragments().isEmpty()) {
      throw new DicomWriteException("Fragments are left in the source but no source given",
          path.describe());
    }
    header(tag, Vr.OB, UNDEFINED);
    out.tag(Tag.ITEM);
    out.u32(4L * fragments.basicOffsetTableLength());
    for (long offset : fragments.basicOffsetTable()) {
      out.u32(offset);
    }
    for (BulkDataRef fragment : fragments.fragments()) {
      long padded = EncodedLength.paddedLength(fragment);
      out.tag(Tag.ITEM);
      out.u32(padded);
      copy(fragment, 1);
      if (padded != fragment.length()) {
        out.write(0);
      }
    }
    out.tag(Tag.SEQUENCE_DELIMITATION_ITEM);
    out.u32(0);
  }

  /** Element header: tag, then VR and 16- or 32-bit length (explicit) or 32-bit length. */
  private void header(int tag, Vr vr, long length) throws IOException {
    out.tag(tag);
    if (!syntax.explicitVr()) {
      out.u32(length);
      return;
    }
    Vr written = length == UNDEFINED ? vr : EncodedLength.headerVr(vr, length);
    out.vr(written.code());
    if (written.longHeader()) {
      out.u16(0);
      out.u32(length);
    } else {
      out.u16((int) length);
    }
  }

  /** Streams a value from the source through one reused chunk, swapping bytes if asked. */
  private void copy(BulkDataRef ref, int swap) throws IOException {
    if (chunk == null) {
      chunk = new byte[DicomOutput.BUFFER_SIZE];
    }
    long position = ref.offset();
    long left = ref.length();
    while (left > 0) {
      int n = (int) Math.min(left, chunk.length);
      source.read(position, chunk, 0, n);
      if (swap > 1) {
        swap(chunk, n, swap);
      }
      out.write(chunk, 0, n);
      position += n;
      left -= n;
    }
  }

  /** Size of the unit whose bytes a byte-order change reverses: AT is two 16-bit numbers. */
  private static int swapUnit(Vr vr) {
    return vr == Vr.AT ? 2 : Math.max(1, vr.bytesPerValue());
  }

  private static void swap(byte[] b, int length, int unit) {
    int n = length - length % unit;
    if (unit == 2) {
      for (int i = 0; i < n; i += 2) {
        byte t = b[i];
        b[i] = b[i + 1];
        b[i + 1] = t;
      }
      return;
    }
    for (int i = 0; i < n; i += unit) {
      for (int a = i, z = i + unit - 1; a < z; a++, z--) {
        byte t = b[a];
        b[a] = b[z];
        b[z] = t;
      }
    }
  }

  private static long checked(long length, Position path) throws DicomWriteException {
    if (length > MAX_LENGTH) {
      throw new DicomWriteException("Defined length " + length + " exceeds 32 bits",
          path.describe());
    }
    return length;
  }
}
