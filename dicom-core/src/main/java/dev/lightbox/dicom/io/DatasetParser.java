package dev.lightbox.dicom.io;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.DictionaryEntry;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Fragments;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.SpecificCharacterSet;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.ValueDecoder;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.DicomParseException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads data elements (PS3.5 §7) into datasets: explicit or implicit VR, either byte order, defined
 * and undefined lengths, nested sequences (PS3.5 §7.5) and encapsulated pixel data (PS3.5 §A.4).
 * Nesting is bounded by {@link ReadOptions#maxDepth()}, so recursion depth is bounded too.
 */
final class DatasetParser {
  private static final long UNDEFINED = 0xFFFFFFFFL;

  private final DicomInput in;
  private final ReadOptions options;
  private final List<ParseProblem> problems;
  private final ElementDictionary dictionary = ElementDictionary.standard();
  private boolean stoppedEarly;
  private int elementCount;

  DatasetParser(DicomInput in, ReadOptions options, List<ParseProblem> problems) {
    this.in = in;
    this.options = options;
    this.problems = problems;
  }

  boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** Encoding state of the dataset being read; UN sequences switch to implicit little endian. */
  private record Encoding(boolean explicitVr, boolean bigEndian) {
    static final Encoding IMPLICIT_LE = new Encoding(false, false);
  }

  /** Reads the top-level dataset until the end of input or the stop tag. */
  Dataset readTopLevel(boolean explicitVr, boolean bigEndian, SpecificCharacterSet charset)
      throws IOException {
    DatasetBuilder builder = new DatasetBuilder().bigEndian(bigEndian).charset(charset);
    readElements(builder, new Encoding(explicitVr, bigEndian), -1, 0, Trace.ROOT, true);
    return builder.build();
  }

  /** Reads File Meta Information elements (always explicit VR little endian, PS3.10 §7.1). */
  Dataset readFileMeta() throws IOException {
    DatasetBuilder builder = new DatasetBuilder();
    while (in.ensure(4) && in.peekU16(0, false) == 0x0002) {
      readElement(builder, new Encoding(true, false), 0, Trace.ROOT, -1);
    }
    return builder.build();
  }


  /**
   * Reads elements until {@code end} (absolute offset; -1 means until an item delimiter or, at top
   * level, the end of input). Returns true when a sequence delimiter ended an undefined-length item
   * (a repaired missing item delimiter), so the caller ends the sequence too.
   */
  private boolean readElements(DatasetBuilder builder, Encoding enc, long end, int depth,
      Trace parent, boolean topLevel) throws IOException {
    while (true) {
      long at = in.position();
      if (end >= 0 && at >= end) {
        if (at > end) {
          throw new DicomParseException(Reason.BAD_LENGTH, parent.toString(), at,
              "Item content overruns its declared end at " + end + " by " + (at - end) + " bytes");
        }
        return false;
      }
      if (!in.ensure(4)) {
        if (in.available() > 0 && topLevel) {
          tolerate(parent, at, "Trailing " + in.available() + " bytes after the last element");
          in.skip(in.available());
          return false;
        }
        if (topLevel && end < 0) {
          return false;
        }
        if (end < 0) {
          tolerate(parent, at, "Missing item delimiter at end of input");
          return false;
        }
        throw new DicomParseException(Reason.TRUNCATED, parent.toString(), at,
            "Input ended inside an item that should end at " + end);
      }
      int tag = (in.peekU16(0, enc.bigEndian()) << 16) | in.peekU16(2, enc.bigEndian());
      if (tag == Tag.ITEM_DELIMITATION_ITEM) {
        readDelimiterLength(enc, parent, tag);
        if (end < 0 && !topLevel) {
          return false;
        }
        tolerate(parent, at, "Unexpected item delimiter outside an undefined-length item; skipped");
        continue;
      }
      if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
        if (end < 0 && !topLevel) {
          // Sequence delimiter where the item delimiter should be: the item ended without one.
          tolerate(parent, at, "Missing item delimiter before sequence delimiter");
          readDelimiterLength(enc, parent, tag);
          return true;
        }
        readDelimiterLength(enc, parent, tag);
        tolerate(parent, at, "Unexpected sequence delimiter; skipped");
        continue;
      }
      if (topLevel && Integer.compareUnsigned(tag, options.stopBeforeTag()) >= 0) {
        stoppedEarly = true;
        return false;
      }
      if (tag == Tag.ITEM) {
        throw new DicomParseException(Reason.MALFORMED, parent.toString(), at,
            "Item tag (FFFE,E000) outside a sequence");
      }
      readElement(builder, enc, depth, parent, end);
    }
  }

  private void readDelimiterLength(Encoding enc, Trace parent, int tag) throws IOException {
    long at = in.position();
    in.advance(4);
    if (!in.ensure(4)) {
      throw new DicomParseException(Reason.TRUNCATED, parent.tag(tag).toString(), at,
          "Input ended inside delimiter");
    }
    long len = in.u32(enc.bigEndian());
    if (len != 0) {
      tolerate(parent.tag(tag), at, "Delimiter with non-zero length " + len);
    }
  }

  private void readElement(DatasetBuilder builder, Encoding enc, int depth, Trace parent,
      long end) throws IOException {
    long at = in.position();
    countNode(parent, at);
    boolean be = enc.bigEndian();
    int tag = (in.peekU16(0, be) << 16) | in.peekU16(2, be);
    Trace path = parent.tag(tag);
    Vr vr;
    long length;
    if (!in.ensure(8)) {
      throw new DicomParseException(Reason.TRUNCATED, path.toString(), at,
          "Input ended inside the element header");
    }
    Optional<Vr> explicit = enc.explicitVr() ? Vr.fromBytes(in.peek(4), in.peek(5))
        : Optional.empty();
    if (explicit.isPresent()) {
      vr = explicit.get();
      if (vr.longHeader()) {
        if (!in.ensure(12)) {
          throw new DicomParseException(Reason.TRUNCATED, path.toString(), at,
              "Input ended inside the element header");
        }
        length = in.peekU32(8, be);
        in.advance(12);
      } else {
        length = in.peekU16(6, be);
        in.advance(8);
      }
    } else {
      if (enc.explicitVr()) {
        String shown = printable(in.peek(4)) + printable(in.peek(5));
        if (options.strict()) {
          throw new DicomParseException(Reason.MALFORMED, path.toString(), at + 4,
              "Invalid VR '" + shown + "' in explicit VR dataset");
        }
        tolerate(path, at + 4, "Invalid VR '" + shown + "'; read as implicit VR");
      }
      vr = implicitVr(tag, builder);
      length = in.peekU32(4, be);
      in.advance(8);
    }
    long valueAt = in.position();
    if (length == UNDEFINED) {
      readUndefinedLength(builder, enc, depth, tag, vr, path, at);
      return;
    }
    if (vr == Vr.SQ) {
      length = clampContainerLength(path, valueAt, length, end);
      Sequence seq = readSequence(enc, depth + 1, path, valueAt + length, builder.charset());
      builder.add(tag, Vr.SQ, seq);
      return;
    }
    if ((length & 1) == 1) {
      if (options.strict()) {
        throw new DicomParseException(Reason.BAD_LENGTH, path.toString(), at,
            "Odd length " + length + " (PS3.5 §7.1.1 requires even lengths)");
      }
      tolerate(path, at, "Odd length " + length);
    }
    checkLength(path, valueAt, length, end);
    Object value = readValue(path, tag, valueAt, length);
    builder.add(tag, vr, value);
    afterValue(builder, tag, vr, value, path, valueAt);
  }

  private static String printable(int b) {
    return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b);
  }

  /** Values with undefined length: sequences, UN sequences, encapsulated pixel data. */
  private void readUndefinedLength(DatasetBuilder builder, Encoding enc, int depth, int tag, Vr vr,
      Trace path, long at) throws IOException {
    if (vr == Vr.SQ) {
      builder.add(tag, Vr.SQ, readSequence(enc, depth + 1, path, -1, builder.charset()));
    } else if (vr == Vr.UN) {
      // PS3.5 §6.2.2: UN with undefined length is a sequence encoded as implicit VR little endian.
      builder.add(tag, Vr.SQ,
          readSequence(Encoding.IMPLICIT_LE, depth + 1, path, -1, builder.charset()));
    } else if ((vr == Vr.OB || vr == Vr.OW)
        && (tag == Tag.PIXEL_DATA || (depth == 0 && enc.explicitVr()))) {
      // Encapsulated pixel data (PS3.5 §A.4), also inside items: Icon Image Sequence pixel data
      // is encoded in the transfer syntax of the file (PS3.5 §8.2).
      builder.add(tag, vr == Vr.OW && tag != Tag.PIXEL_DATA ? vr : Vr.OB,
          readFragments(enc, path));
    } else if (!enc.explicitVr() && tag != Tag.PIXEL_DATA) {
      // Implicit VR: an undefined length can only be a sequence (the dictionary may not know it).
      builder.add(tag, Vr.SQ, readSequence(enc, depth + 1, path, -1, builder.charset()));
    } else {
      throw new DicomParseException(Reason.MALFORMED, path.toString(), at,
          "Undefined length is not allowed for VR " + vr);
    }
  }

  private void checkLength(Trace path, long valueAt, long length, long end)
      throws DicomParseException {
    long remaining = in.remaining();
    if (length > remaining) {
      throw new DicomParseException(Reason.BAD_LENGTH, path.toString(), valueAt,
          "Length " + length + " exceeds remaining " + remaining + " bytes");
    }
    if (end >= 0 && valueAt + length > end) {
      throw new DicomParseException(Reason.BAD_LENGTH, path.toString(), valueAt,
          "Length " + length + " exceeds the " + (end - valueAt)
              + " bytes left in the enclosing item");
    }
  }

  /**
   * A sequence or item whose defined length runs past the end of the input: strict mode refuses
   * it; lenient mode (like dcmtk) reads what is there, since the elements inside are still
   * individually length-checked.
   */
  private long clampContainerLength(Trace path, long valueAt, long length, long end)
      throws DicomParseException {
    long remaining = in.remaining();
    if (length > remaining && !options.strict() && (end < 0 || valueAt + remaining <= end)) {
      tolerate(path, valueAt, "Length " + length + " exceeds remaining " + remaining
          + " bytes; read to the end of input");
      return remaining;
    }
    checkLength(path, valueAt, length, end);
    return length;
  }

  private Object readValue(Trace path, int tag, long valueAt, long length) throws IOException {
    // Offsets stay meaningful for ByteSources and plain streams (a caller that spooled the stream
    // can read the value later); inflated positions cannot be read back, so those values load.
    if (length > options.bulkThreshold() && in.offsetsInSource() && deferrable(tag)) {
      long skipped = in.skip(length);
      if (skipped < length) {
        throw truncated(path, valueAt, length, skipped);
      }
      return new BulkDataRef(valueAt, length);
    }
    if (length > maxLoadable()) {
      throw new DicomParseException(Reason.LIMIT_EXCEEDED, path.toString(), valueAt,
          "Length " + length + " exceeds the maximum value length " + maxLoadable());
    }
    return readBytes(path, valueAt, length);
  }

  /**
   * File Meta Information and the attributes that steer decoding of later values (character set,
   * pixel representation for implicit US/SS) are always loaded, whatever the bulk threshold.
   */
  private static boolean deferrable(int tag) {
    return Tag.group(tag) != 0x0002 && tag != Tag.SPECIFIC_CHARACTER_SET
        && tag != Tag.PIXEL_REPRESENTATION;
  }

  /** The value-length ceiling, never above what a Java array can hold. */
  private long maxLoadable() {
    return Math.min(options.maxValueLength(), Integer.MAX_VALUE - 16);
  }

  /** Reads a value of unknown availability in chunks so a lying length cannot force a huge array. */
  private byte[] readBytes(Trace path, long valueAt, long length) throws IOException {
    if (length <= 1 << 20 || in.remaining() != Long.MAX_VALUE) {
      byte[] value = new byte[(int) length];
      int n = in.readFully(value, 0, value.length);
      if (n < length) {
        throw truncated(path, valueAt, length, n);
      }
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    byte[] chunk = new byte[1 << 16];
    long left = length;
    while (left > 0) {
      int n = in.readFully(chunk, 0, (int) Math.min(chunk.length, left));
      out.write(chunk, 0, n);
      left -= n;
      if (n == 0) {
        throw truncated(path, valueAt, length, length - left);
      }
    }
    return out.toByteArray();
  }

  private DicomParseException truncated(Trace path, long valueAt, long length, long got) {
    return new DicomParseException(Reason.TRUNCATED, path.toString(), valueAt,
        "Value truncated: length " + length + " but input ended after " + got + " bytes");
  }

  /** Tracks attributes that change how later values are read. */
  private void afterValue(DatasetBuilder builder, int tag, Vr vr, Object value, Trace path,
      long valueAt) throws DicomParseException {
    if (tag == Tag.SPECIFIC_CHARACTER_SET && value instanceof byte[] raw) {
      List<String> terms = ValueDecoder.strings(Vr.CS, raw, SpecificCharacterSet.DEFAULT, false);
      SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
      for (String unknown : cs.unknownTerms()) {
        tolerate(path, valueAt, "Unknown Specific Character Set term '" + unknown
            + "'; text decoded as ISO 8859-1");
      }
      builder.charset(cs);
    }
  }

  /** VR for an implicit-VR element (PS3.5 §7.1.3, PS3.5 §A.1 for pixel data). */
  private Vr implicitVr(int tag, DatasetBuilder builder) {
    if (Tag.element(tag) == 0) {
      return Vr.UL;
    }
    if (Tag.isPrivateCreator(tag)) {
      return Vr.LO;
    }
    if (Tag.isPrivate(tag)) {
      return Vr.UN;
    }
    Optional<DictionaryEntry> entry = dictionary.entry(tag);
    if (entry.isEmpty()) {
      return Vr.UN;
    }
    List<Vr> vrs = entry.get().vrs();
    if (vrs.size() == 1) {
      return vrs.get(0);
    }
    if (vrs.contains(Vr.OW)) {
      return Vr.OW;
    }
    if (vrs.contains(Vr.SS) && vrs.contains(Vr.US)) {
      Object pr = builder.valueOf(Tag.PIXEL_REPRESENTATION);
      boolean signed = pr instanceof byte[] b && b.length >= 2 && (b[0] | b[1]) != 0;
      return signed ? Vr.SS : Vr.US;
    }
    return vrs.get(0);
  }

  /**
   * Reads items until {@code end} or the sequence delimiter. Items start with the enclosing
   * dataset's character set and may declare their own (PS3.5 §7.5.3).
   */
  private Sequence readSequence(Encoding enc, int depth, Trace path, long end,
      SpecificCharacterSet charset) throws IOException {
    if (depth > options.maxDepth()) {
      throw new DicomParseException(Reason.LIMIT_EXCEEDED, path.toString(), in.position(),
          "Sequence nesting deeper than " + options.maxDepth());
    }
    List<Dataset> items = new ArrayList<>();
    while (true) {
      long at = in.position();
      if (end >= 0 && at >= end) {
        if (at > end) {
          throw new DicomParseException(Reason.BAD_LENGTH, path.toString(), at,
              "Items overrun the sequence length by " + (at - end) + " bytes");
        }
        break;
      }
      if (!in.ensure(8)) {
        if (end < 0 && !in.ensure(1)) {
          if (options.strict()) {
            throw new DicomParseException(Reason.TRUNCATED, path.toString(), at,
                "Input ended before the sequence delimiter");
          }
          tolerate(path, at, "Missing sequence delimiter at end of input");
          break;
        }
        throw new DicomParseException(Reason.TRUNCATED, path.toString(), at,
            "Input ended inside an item header");
      }
      int tag = (in.peekU16(0, enc.bigEndian()) << 16) | in.peekU16(2, enc.bigEndian());
      long len = in.peekU32(4, enc.bigEndian());
      Trace itemPath = path.item(items.size());
      if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
        in.advance(8);
        if (len != 0) {
          tolerate(path, at, "Delimiter with non-zero length " + len);
        }
        if (end >= 0) {
          tolerate(path, at, "Sequence delimiter inside a defined-length sequence");
          continue;
        }
        break;
      }
      if (tag != Tag.ITEM) {
        if (end < 0 && !options.strict()) {
          tolerate(path, at, "Missing sequence delimiter before " + Tag.toString(tag));
          break;
        }
        throw new DicomParseException(Reason.MALFORMED, path.toString(), at,
            "Expected item tag (FFFE,E000) but found " + Tag.toString(tag));
      }
      countNode(itemPath, at);
      in.advance(8);
      DatasetBuilder item = new DatasetBuilder().bigEndian(enc.bigEndian()).charset(charset);
      boolean sequenceEnded;
      if (len == UNDEFINED) {
        sequenceEnded = readElements(item, enc, -1, depth, itemPath, false);
      } else {
        len = clampContainerLength(itemPath, at + 8, len, end);
        sequenceEnded = readElements(item, enc, at + 8 + len, depth, itemPath, false);
      }
      items.add(item.build());
      if (sequenceEnded) {
        break;
      }
    }
    return new Sequence(items);
  }

  /** Encapsulated pixel data: Basic Offset Table item then fragment items (PS3.5 §A.4). */
  private Fragments readFragments(Encoding enc, Trace path) throws IOException {
    long[] offsetTable = null;
    List<BulkDataRef> fragments = new ArrayList<>();
    while (true) {
      long at = in.position();
      if (!in.ensure(8)) {
        if (!in.ensure(1) && !options.strict()) {
          tolerate(path, at, "Missing sequence delimiter after the last fragment");
          break;
        }
        throw new DicomParseException(Reason.TRUNCATED, path.toString(), at,
            "Input ended inside a fragment header");
      }
      int tag = (in.peekU16(0, enc.bigEndian()) << 16) | in.peekU16(2, enc.bigEndian());
      long len = in.peekU32(4, enc.bigEndian());
      if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
        in.advance(8);
        if (len != 0) {
          tolerate(path, at, "Delimiter with non-zero length " + len);
        }
        break;
      }
      if (tag != Tag.ITEM) {
        throw new DicomParseException(Reason.MALFORMED, path.toString(), at,
            "Expected fragment item (FFFE,E000) but found " + Tag.toString(tag));
      }
      in.advance(8);
      if (len == UNDEFINED) {
        throw new DicomParseException(Reason.MALFORMED, path.toString(), at,
            "Fragment item with undefined length");
      }
      checkLength(path.item(fragments.size() + (offsetTable == null ? 0 : 1)), at + 8, len,
          -1);
      if (offsetTable == null) {
        if (len % 4 != 0) {
          throw new DicomParseException(Reason.BAD_LENGTH, path.toString(), at,
              "Basic Offset Table length " + len + " is not a multiple of 4");
        }
        if (len > maxLoadable()) {
          throw new DicomParseException(Reason.LIMIT_EXCEEDED, path.toString(), at,
              "Basic Offset Table length " + len + " exceeds the maximum value length");
        }
        byte[] raw = readBytes(path, at + 8, len);
        offsetTable = new long[(int) (len / 4)];
        for (int i = 0; i < offsetTable.length; i++) {
          offsetTable[i] = ValueDecoder.readInt(raw, i * 4, false) & 0xFFFFFFFFL;
        }
        continue;
      }
      long skipped = in.skip(len);
      if (skipped < len) {
        throw truncated(path, at + 8, len, skipped);
      }
      fragments.add(new BulkDataRef(at + 8, len));
    }
    return new Fragments(offsetTable == null ? new long[0] : offsetTable, fragments);
  }

  /** Counts one element or item against {@link ReadOptions#maxElements()}. */
  private void countNode(Trace where, long at) throws DicomParseException {
    if (++elementCount > options.maxElements()) {
      throw new DicomParseException(Reason.LIMIT_EXCEEDED, where.toString(), at,
          "More than " + options.maxElements() + " elements and items");
    }
  }

    private void tolerate(Trace path, long offset, String message) throws DicomParseException {
    if (options.strict()) {
      throw new DicomParseException(Reason.MALFORMED, path.toString(), offset, message);
    }
    problems.add(new ParseProblem(path.toString(), offset, message));
  }
}
