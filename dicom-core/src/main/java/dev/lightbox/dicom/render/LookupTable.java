package dev.lightbox.dicom.render;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.ValueDecoder;
import dev.lightbox.dicom.data.Vr;
import java.util.Optional;

/**
 * A LUT from a LUT Descriptor (entries, first mapped value, bits) and LUT Data, as used by the
 * Modality LUT Sequence and VOI LUT Sequence (PS3.3 C.11.1, C.11.2). Inputs below the first mapped
 * value map to the first entry and inputs past the end to the last.
 */
record LookupTable(int firstMapped, int bits, int[] data) {

  int lookup(double x) {
    long i = Math.round(x) - firstMapped;
    if (i < 0) {
      return data[0];
    }
    return i >= data.length ? data[data.length - 1] : data[(int) i];
  }

  double max() {
    return (1 << bits) - 1;
  }

  /** The first item of {@code sequenceTag} as a LUT, if well formed. */
  static Optional<LookupTable> fromSequence(Dataset ds, int sequenceTag, ValueReader reader)
      throws java.io.UncheckedIOException {
    Optional<Sequence> seq = ds.sequence(sequenceTag);
    if (seq.isEmpty() || seq.get().size() == 0) {
      return Optional.empty();
    }
    Dataset item = seq.get().item(0);
    long[] desc = item.longs(Tag.LUT_DESCRIPTOR);
    Optional<Element> data = item.element(Tag.LUT_DATA);
    Optional<byte[]> bytes = data.isEmpty() ? Optional.empty() : reader.bytes(item, Tag.LUT_DATA);
    if (desc.length != 3 || bytes.isEmpty()) {
      return Optional.empty();
    }
    byte[] raw = bytes.get();
    // PS3.3 C.11.1.1.1: 0 entries means 65536; the first mapped value is US or SS by context.
    int entries = desc[0] == 0 ? 65536 : (int) desc[0];
    int first = item.vr(Tag.LUT_DESCRIPTOR).orElse(Vr.US) == Vr.SS ? (short) desc[1] : (int) desc[1];
    int bits = (int) desc[2];
    if (bits < 1 || bits > 16) {
      return Optional.empty();
    }
    int[] values = new int[entries];
    boolean eight = data.get().vr() == Vr.OB || (bits <= 8 && raw.length == entries);
    if (eight ? raw.length < entries : raw.length < 2 * entries) {
      return Optional.empty();
    }
    for (int i = 0; i < entries; i++) {
      values[i] = eight ? raw[i] & 0xFF : ValueDecoder.readUnsignedShort(raw, 2 * i,
          item.bigEndian());
    }
    return Optional.of(new LookupTable(first, bits, values));
  }
}
