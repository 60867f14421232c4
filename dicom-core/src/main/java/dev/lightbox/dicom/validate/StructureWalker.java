package dev.lightbox.dicom.validate;

import dev.lightbox.dicom.data.DictionaryEntry;
import dev.lightbox.dicom.data.ElementDictionary;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomParseException.Reason;
import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.io.Trace;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Walks the element structure of a dataset (PS3.5 §7: explicit or implicit VR, either byte order,
 * defined and undefined lengths, nested sequences §7.5, encapsulated pixel data §A.4) from bytes
 * pushed to it in any slices, without keeping any value: memory is a stack as deep as the nesting
 * plus a 12-byte look-ahead, whatever the file size.
 *
 * <p>It takes the same decisions as the reader's dataset parser, in the same order, so that a file
 * it refuses is one {@code lightbox dump} refuses, at the same tag path and byte offset. The
 * reader knows the input length up front and checks every length against what remains; here the
 * length is known only at the end, so a length check that depends on it is held as a {@link
 * Pending} outcome of the value being passed and settled when the value completes or the input
 * ends inside it. A defined-length sequence or item longer than its enclosing item is walked to
 * the enclosing end: the reader accepts it (lenient) only when the input ends exactly there.
 *
 * <p>One check goes beyond the reader: native pixel data must be as long as the Image Pixel module
 * says ({@link PixelLengthCheck}).
 */
final class StructureWalker {
  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final int LOOKAHEAD = 12;

  private enum Kind { DATASET, SEQUENCE, FRAGMENTS }

  /** One open container: the top-level dataset, an item's dataset, a sequence, or fragments. */
  private static final class Frame {
    final Kind kind;
    final Trace path;
    final boolean explicitVr;
    final boolean bigEndian;
    final int depth;
    final boolean topLevel;
    final long valueAt;
    final long declaredLength;
    long end;
    boolean overrun;
    int count;
    boolean offsetTableSeen;

    Frame(Kind kind, Trace path, boolean explicitVr, boolean bigEndian, int depth,
        boolean topLevel, long valueAt, long declaredLength, long end) {
      this.kind = kind;
      this.path = path;
      this.explicitVr = explicitVr;
      this.bigEndian = bigEndian;
      this.depth = depth;
      this.topLevel = topLevel;
      this.valueAt = valueAt;
      this.declaredLength = declaredLength;
      this.end = end;
    }
  }

  /**
   * The value being passed and what its completion means: {@code onComplete} is the refusal the
   * reader gives once the length is known to fit the input (null: the value is fine); an input that
   * ends inside it is refused at {@code path}/{@code valueAt} (the reader's remaining-bytes check),
   * or, for inflated data whose length the reader cannot know, as truncated at {@code
   * truncatedPath}.
   */
  private record Pending(Trace path, Trace truncatedPath, long valueAt, long length,
      DicomParseException onComplete, int keepTag, Vr keepVr) {}

  private final ReadOptions options;
  private final boolean lengthKnown;
  private final List<ParseProblem> problems;
  private final ElementDictionary dictionary = ElementDictionary.standard();
  private final PixelLengthCheck pixels;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private final byte[] ahead = new byte[LOOKAHEAD];
  private int aheadLength;
  private long position;
  private long skip;
  private Pending pending;
  private byte[] kept;
  private int keptLength;
  private int elementCount;
  private boolean eof;
  private long total = -1;

  /**
   * @param datasetOffset byte offset of the dataset's first element (offsets count inflated bytes
   *     after it for deflated datasets, as the reader counts them)
   * @param lengthKnown false for inflated data: the reader sees no end there, so it never clamps a
   *     container and reports values the input cuts short as truncated
   */
  StructureWalker(ReadOptions options, boolean explicitVr, boolean bigEndian, long datasetOffset,
      boolean lengthKnown, List<ParseProblem> problems) {
    this.options = options;
    this.lengthKnown = lengthKnown;
    this.problems = problems;
    this.position = datasetOffset;
    this.pixels = new PixelLengthCheck(bigEndian);
    stack.push(new Frame(Kind.DATASET, Trace.ROOT, explicitVr, bigEndian, 0, true,
        datasetOffset, -1, -1));
  }

  /** Walks {@code len} more bytes of the dataset. */
  void feed(byte[] b, int off, int len) throws DicomParseException {
    int end = off + len;
    while (!stack.isEmpty() || skip > 0) {
      if (skip > 0) {
        int n;
        if (aheadLength > 0) {
          n = (int) Math.min(skip, aheadLength);
          keep(ahead, 0, n);
          dropAhead(n);
        } else if (off < end) {
          n = (int) Math.min(skip, end - off);
          keep(b, off, n);
          off += n;
        } else {
          return;
        }
        skip -= n;
        position += n;
        if (skip == 0) {
          valueComplete();
        }
        continue;
      }
      if (aheadLength < LOOKAHEAD) {
        if (off == end) {
          return;
        }
        int n = Math.min(LOOKAHEAD - aheadLength, end - off);
        System.arraycopy(b, off, ahead, aheadLength, n);
        aheadLength += n;
        off += n;
        if (aheadLength < LOOKAHEAD) {
          return;
        }
      }
      step();
    }
  }

  /** The input ended: settles what the end decides (clamped containers, cut values, delimiters). */
  void finish() throws DicomParseException {
    eof = true;
    drainAhead();
    total = position + aheadLength;
    clampAtEnd(total);
    if (skip > 0) {
      throw cutValue();
    }
    while (!stack.isEmpty()) {
      step();
      drainAhead();
      if (skip > 0) {
        throw cutValue();
      }
    }
  }

  /** Passes look-ahead bytes that belong to the value being passed. */
  private void drainAhead() throws DicomParseException {
    if (skip > 0 && aheadLength > 0) {
      feed(ahead, 0, 0);
    }
  }

  /** The input ended inside the value being passed. */
  private DicomParseException cutValue() {
    Pending p = pending;
    long got = position - p.valueAt();
    if (lengthKnown) {
      return new DicomParseException(Reason.BAD_LENGTH, p.path().toString(), p.valueAt(),
          "Length " + p.length() + " exceeds remaining " + (total - p.valueAt()) + " bytes");
    }
    return new DicomParseException(Reason.TRUNCATED, p.truncatedPath().toString(), p.valueAt(),
        "Value truncated: length " + p.length() + " but input ended after " + got + " bytes");
  }

  /**
   * Containers whose defined length runs past the end of the input, outermost first: the reader
   * refuses them in strict mode and reads them to the end of input in lenient mode (like dcmtk).
   */
  private void clampAtEnd(long total) throws DicomParseException {
    if (!lengthKnown) {
      return;
    }
    Frame[] outermostFirst = stack.toArray(new Frame[0]);
    for (int i = outermostFirst.length - 1; i >= 0; i--) {
      Frame f = outermostFirst[i];
      if (f.kind == Kind.FRAGMENTS || f.end < 0 || f.end <= total || f.overrun) {
        continue;
      }
      String message = "Length " + f.declaredLength + " exceeds remaining "
          + (total - f.valueAt) + " bytes";
      if (options.strict()) {
        throw new DicomParseException(Reason.BAD_LENGTH, f.path.toString(), f.valueAt, message);
      }
      problems.add(new ParseProblem(f.path.toString(), f.valueAt,
          message + "; read to the end of input"));
      f.end = total;
    }
    for (Frame f : stack) {
      if (f.overrun && f.end > total) {
        f.end = total;
      }
    }
  }

  // ---- one step of the reader's loops: needs LOOKAHEAD bytes, or the end of input

  private void step() throws DicomParseException {
    Frame f = stack.peek();
    switch (f.kind) {
      case DATASET -> datasetStep(f);
      case SEQUENCE -> sequenceStep(f);
      case FRAGMENTS -> fragmentsStep(f);
    }
  }

  private boolean ensure(int n) {
    return aheadLength >= n;
  }

  private boolean cleanEnd() {
    return eof && aheadLength == 0 && skip == 0;
  }

  /** The reader's element loop (top-level dataset or item). */
  private void datasetStep(Frame f) throws DicomParseException {
    long at = position;
    if (f.end >= 0 && at >= f.end) {
      if (at > f.end) {
        throw fail(Reason.BAD_LENGTH, f.path, at, "Item content overruns its declared end at "
            + f.end + " by " + (at - f.end) + " bytes");
      }
      if (f.overrun) {
        settleOverrun(f);
        return;
      }
      pop(false);
      return;
    }
    if (!ensure(4)) {
      if (aheadLength > 0 && f.topLevel) {
        tolerate(f.path, at, "Trailing " + aheadLength + " bytes after the last element");
        position += aheadLength;
        aheadLength = 0;
        pop(false);
        return;
      }
      if (f.topLevel && f.end < 0) {
        pop(false);
        return;
      }
      if (f.end < 0) {
        tolerate(f.path, at, "Missing item delimiter at end of input");
        pop(false);
        return;
      }
      throw fail(Reason.TRUNCATED, f.path, at, "Input ended inside an item that should end at "
          + f.end);
    }
    int tag = tagAt(f.bigEndian);
    if (tag == Tag.ITEM_DELIMITATION_ITEM) {
      delimiterLength(f, tag);
      if (f.end < 0 && !f.topLevel) {
        pop(false);
        return;
      }
      tolerate(f.path, at, "Unexpected item delimiter outside an undefined-length item; skipped");
      return;
    }
    if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
      if (f.end < 0 && !f.topLevel) {
        tolerate(f.path, at, "Missing item delimiter before sequence delimiter");
        delimiterLength(f, tag);
        pop(true);
        return;
      }
      delimiterLength(f, tag);
      tolerate(f.path, at, "Unexpected sequence delimiter; skipped");
      return;
    }
    if (tag == Tag.ITEM) {
      throw fail(Reason.MALFORMED, f.path, at, "Item tag (FFFE,E000) outside a sequence");
    }
    element(f, tag);
  }

  private void delimiterLength(Frame f, int tag) throws DicomParseException {
    long at = position;
    if (!ensure(8)) {
      throw fail(Reason.TRUNCATED, f.path.tag(tag), at, "Input ended inside delimiter");
    }
    long len = u32(4, f.bigEndian);
    consume(8);
    if (len != 0) {
      tolerate(f.path.tag(tag), at, "Delimiter with non-zero length " + len);
    }
  }

  private void element(Frame f, int tag) throws DicomParseException {
    long at = position;
    countNode(f.path, at);
    boolean be = f.bigEndian;
    Trace path = f.path.tag(tag);
    if (!ensure(8)) {
      throw fail(Reason.TRUNCATED, path, at, "Input ended inside the element header");
    }
    Optional<Vr> explicit = f.explicitVr ? Vr.fromBytes(ahead[4] & 0xFF, ahead[5] & 0xFF)
        : Optional.empty();
    Vr vr;
    long length;
    if (explicit.isPresent()) {
      vr = explicit.get();
      if (vr.longHeader()) {
        if (!ensure(12)) {
          throw fail(Reason.TRUNCATED, path, at, "Input ended inside the element header");
        }
        length = u32(8, be);
        consume(12);
      } else {
        length = u16(6, be);
        consume(8);
      }
    } else {
      if (f.explicitVr) {
        String shown = printable(ahead[4] & 0xFF) + printable(ahead[5] & 0xFF);
        if (options.strict()) {
          throw fail(Reason.MALFORMED, path, at + 4,
              "Invalid VR '" + shown + "' in explicit VR dataset");
        }
        tolerate(path, at + 4, "Invalid VR '" + shown + "'; read as implicit VR");
      }
      vr = implicitVr(tag);
      length = u32(4, be);
      consume(8);
    }
    long valueAt = position;
    if (length == UNDEFINED) {
      undefinedLength(f, tag, vr, path, at);
      return;
    }
    if (vr == Vr.SQ) {
      container(f, Kind.SEQUENCE, path, valueAt, length, f.depth + 1);
      return;
    }
    if ((length & 1) == 1) {
      if (options.strict()) {
        throw fail(Reason.BAD_LENGTH, path, at,
            "Odd length " + length + " (PS3.5 §7.1.1 requires even lengths)");
      }
      tolerate(path, at, "Odd length " + length);
    }
    DicomParseException onComplete = null;
    if (f.end >= 0 && valueAt + length > f.end) {
      onComplete = exception(Reason.BAD_LENGTH, path, valueAt, "Length " + length
          + " exceeds the " + (f.end - valueAt) + " bytes left in the enclosing item");
    } else {
      boolean leftInSource = length > options.bulkThreshold() && lengthKnown && deferrable(tag);
      if (!leftInSource && length > maxLoadable()) {
        onComplete = exception(Reason.LIMIT_EXCEEDED, path, valueAt,
            "Length " + length + " exceeds the maximum value length " + maxLoadable());
      }
    }
    if (onComplete != null && !lengthKnown) {
      // Without a known length the reader has nothing to check first: it refuses at once.
      throw onComplete;
    }
    if (onComplete == null && f.topLevel && PixelLengthCheck.isPixelData(tag)) {
      long required = pixels.requiredLength(tag, vr, valueAt, length).orElse(0);
      if (length < required) {
        onComplete = exception(Reason.BAD_LENGTH, path, valueAt, "Pixel Data length " + length
            + " is shorter than the " + required + " bytes that Rows, Columns, Samples per Pixel,"
            + " Bits Allocated and Number of Frames require (PS3.5 §8.1.1)");
      }
    }
    boolean keep = f.topLevel && PixelLengthCheck.wanted(tag)
        && length <= PixelLengthCheck.MAX_KEPT_VALUE;
    pass(new Pending(path, path, valueAt, length, onComplete, keep ? tag : 0, vr));
  }

  /** Values with undefined length: sequences, UN sequences, encapsulated pixel data. */
  private void undefinedLength(Frame f, int tag, Vr vr, Trace path, long at)
      throws DicomParseException {
    if (vr == Vr.SQ) {
      openSequence(path, f.explicitVr, f.bigEndian, f.depth + 1, position, -1, -1, false);
    } else if (vr == Vr.UN) {
      // PS3.5 §6.2.2: UN with undefined length is a sequence encoded as implicit VR little endian.
      openSequence(path, false, false, f.depth + 1, position, -1, -1, false);
    } else if ((vr == Vr.OB || vr == Vr.OW)
        && (tag == Tag.PIXEL_DATA || (f.depth == 0 && f.explicitVr))) {
      // Encapsulated pixel data (PS3.5 §A.4), also inside items (PS3.5 §8.2).
      stack.push(new Frame(Kind.FRAGMENTS, path, f.explicitVr, f.bigEndian, f.depth, false,
          position, -1, -1));
    } else if (!f.explicitVr && tag != Tag.PIXEL_DATA) {
      openSequence(path, f.explicitVr, f.bigEndian, f.depth + 1, position, -1, -1, false);
    } else {
      throw fail(Reason.MALFORMED, path, at, "Undefined length is not allowed for VR " + vr);
    }
  }

  /**
   * A defined-length sequence or item ({@code path} at {@code valueAt}): the reader's container
   * length check. Past the enclosing end it is a refusal unless the input ends exactly there (the
   * lenient reader then reads it to the end of input), which only the end of input can tell.
   */
  private void container(Frame enclosing, Kind kind, Trace path, long valueAt, long length,
      int depth) throws DicomParseException {
    long end = valueAt + length;
    if (eof && lengthKnown && end > total) {
      // The reader's clamp, now that the input length is known (PS3.5 §7.5.1 lengths; dcmtk
      // reads such containers to the end of input too).
      String message = "Length " + length + " exceeds remaining " + (total - valueAt) + " bytes";
      if (options.strict() || (enclosing.end >= 0 && total > enclosing.end)) {
        throw fail(Reason.BAD_LENGTH, path, valueAt, message);
      }
      tolerate(path, valueAt, message + "; read to the end of input");
      end = total;
    }
    boolean overrun = enclosing.end >= 0 && end > enclosing.end;
    if (overrun && (options.strict() || !lengthKnown)) {
      DicomParseException beyond = exception(Reason.BAD_LENGTH, path, valueAt, "Length "
          + length + " exceeds the " + (enclosing.end - valueAt)
          + " bytes left in the enclosing item");
      if (!lengthKnown) {
        throw beyond;
      }
      pass(new Pending(path, path, valueAt, length, beyond, 0, null));
      return;
    }
    long walkedEnd = overrun ? enclosing.end : end;
    if (kind == Kind.SEQUENCE) {
      openSequence(path, enclosing.explicitVr, enclosing.bigEndian, depth, valueAt, length,
          walkedEnd, overrun);
    } else {
      Frame item = new Frame(Kind.DATASET, path, enclosing.explicitVr, enclosing.bigEndian,
          depth, false, valueAt, length, walkedEnd);
      item.overrun = overrun;
      stack.push(item);
    }
  }

  /** The input goes on past the end of a container longer than its enclosing item: refused. */
  private void settleOverrun(Frame f) throws DicomParseException {
    if (cleanEnd()) {
      tolerate(f.path, f.valueAt, "Length " + f.declaredLength + " exceeds remaining "
          + (position - f.valueAt) + " bytes; read to the end of input");
      pop(false);
      return;
    }
    long declaredEnd = f.valueAt + f.declaredLength;
    DicomParseException beyond = exception(Reason.BAD_LENGTH, f.path, f.valueAt, "Length "
        + f.declaredLength + " exceeds the " + (f.end - f.valueAt)
        + " bytes left in the enclosing item");
    stack.clear();
    pass(new Pending(f.path, f.path, f.valueAt, f.declaredLength, beyond, 0, null));
    skip = declaredEnd - position;
  }

  private void openSequence(Trace path, boolean explicitVr, boolean bigEndian, int depth,
      long valueAt, long length, long end, boolean overrun) throws DicomParseException {
    if (depth > options.maxDepth()) {
      throw fail(Reason.LIMIT_EXCEEDED, path, valueAt,
          "Sequence nesting deeper than " + options.maxDepth());
    }
    Frame seq = new Frame(Kind.SEQUENCE, path, explicitVr, bigEndian, depth, false, valueAt,
        length, end);
    seq.overrun = overrun;
    stack.push(seq);
  }

  /** The reader's item loop of a sequence. */
  private void sequenceStep(Frame f) throws DicomParseException {
    long at = position;
    if (f.end >= 0 && at >= f.end) {
      if (at > f.end) {
        throw fail(Reason.BAD_LENGTH, f.path, at,
            "Items overrun the sequence length by " + (at - f.end) + " bytes");
      }
      if (f.overrun) {
        settleOverrun(f);
        return;
      }
      pop(false);
      return;
    }
    if (!ensure(8)) {
      if (f.end < 0 && aheadLength == 0) {
        if (options.strict()) {
          throw fail(Reason.TRUNCATED, f.path, at, "Input ended before the sequence delimiter");
        }
        tolerate(f.path, at, "Missing sequence delimiter at end of input");
        pop(false);
        return;
      }
      throw fail(Reason.TRUNCATED, f.path, at, "Input ended inside an item header");
    }
    int tag = tagAt(f.bigEndian);
    long len = u32(4, f.bigEndian);
    Trace itemPath = f.path.item(f.count);
    if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
      consume(8);
      if (len != 0) {
        tolerate(f.path, at, "Delimiter with non-zero length " + len);
      }
      if (f.end >= 0) {
        tolerate(f.path, at, "Sequence delimiter inside a defined-length sequence");
        return;
      }
      pop(false);
      return;
    }
    if (tag != Tag.ITEM) {
      if (f.end < 0 && !options.strict()) {
        tolerate(f.path, at, "Missing sequence delimiter before " + Tag.toString(tag));
        pop(false);
        return;
      }
      throw fail(Reason.MALFORMED, f.path, at,
          "Expected item tag (FFFE,E000) but found " + Tag.toString(tag));
    }
    countNode(itemPath, at);
    consume(8);
    f.count++;
    if (len == UNDEFINED) {
      stack.push(new Frame(Kind.DATASET, itemPath, f.explicitVr, f.bigEndian, f.depth, false,
          at + 8, -1, -1));
    } else {
      container(f, Kind.DATASET, itemPath, at + 8, len, f.depth);
    }
  }

  /** The reader's fragment loop of encapsulated pixel data (PS3.5 §A.4). */
  private void fragmentsStep(Frame f) throws DicomParseException {
    long at = position;
    if (!ensure(8)) {
      if (aheadLength == 0 && !options.strict()) {
        tolerate(f.path, at, "Missing sequence delimiter after the last fragment");
        pop(false);
        return;
      }
      throw fail(Reason.TRUNCATED, f.path, at, "Input ended inside a fragment header");
    }
    int tag = tagAt(f.bigEndian);
    long len = u32(4, f.bigEndian);
    if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
      consume(8);
      if (len != 0) {
        tolerate(f.path, at, "Delimiter with non-zero length " + len);
      }
      pop(false);
      return;
    }
    if (tag != Tag.ITEM) {
      throw fail(Reason.MALFORMED, f.path, at,
          "Expected fragment item (FFFE,E000) but found " + Tag.toString(tag));
    }
    consume(8);
    if (len == UNDEFINED) {
      throw fail(Reason.MALFORMED, f.path, at, "Fragment item with undefined length");
    }
    Trace itemPath = f.path.item(f.count + (f.offsetTableSeen ? 1 : 0));
    DicomParseException onComplete = null;
    if (!f.offsetTableSeen) {
      f.offsetTableSeen = true;
      if (len % 4 != 0) {
        onComplete = exception(Reason.BAD_LENGTH, f.path, at,
            "Basic Offset Table length " + len + " is not a multiple of 4");
      } else if (len > maxLoadable()) {
        onComplete = exception(Reason.LIMIT_EXCEEDED, f.path, at,
            "Basic Offset Table length " + len + " exceeds the maximum value length");
      }
      if (onComplete != null && !lengthKnown) {
        throw onComplete;
      }
    } else {
      f.count++;
    }
    pass(new Pending(itemPath, f.path, at + 8, len, onComplete, 0, null));
  }

  // ---- passing values

  private void pass(Pending p) throws DicomParseException {
    pending = p;
    skip = p.length();
    if (p.keepTag() != 0) {
      kept = new byte[(int) p.length()];
      keptLength = 0;
    }
    if (skip == 0) {
      valueComplete();
    }
  }

  private void keep(byte[] b, int off, int n) {
    if (pending.keepTag() != 0) {
      System.arraycopy(b, off, kept, keptLength, n);
      keptLength += n;
    }
  }

  private void valueComplete() throws DicomParseException {
    Pending p = pending;
    pending = null;
    if (p.onComplete() != null) {
      throw p.onComplete();
    }
    if (p.keepTag() != 0) {
      pixels.keep(p.keepTag(), p.keepVr(), kept);
      kept = null;
    }
  }

  private void pop(boolean sequenceEnded) {
    stack.pop();
    if (sequenceEnded) {
      stack.pop();
    }
  }

  // ---- reading the look-ahead

  private void consume(int n) {
    dropAhead(n);
    position += n;
  }

  private void dropAhead(int n) {
    System.arraycopy(ahead, n, ahead, 0, aheadLength - n);
    aheadLength -= n;
  }

  private int tagAt(boolean be) {
    return (u16(0, be) << 16) | u16(2, be);
  }

  private int u16(int i, boolean be) {
    int a = ahead[i] & 0xFF;
    int b = ahead[i + 1] & 0xFF;
    return be ? (a << 8) | b : a | (b << 8);
  }

  private long u32(int i, boolean be) {
    long lo = u16(i, be);
    long hi = u16(i + 2, be);
    return be ? (lo << 16) | hi : (hi << 16) | lo;
  }

  // ---- the reader's rules

  /** VR for an implicit-VR element (PS3.5 §7.1.3, PS3.5 §A.1 for pixel data). */
  private Vr implicitVr(int tag) {
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
    // US or SS: the same structure either way.
    return vrs.get(0);
  }

  /** Values the reader always loads, whatever the bulk threshold. */
  private static boolean deferrable(int tag) {
    return Tag.group(tag) != 0x0002 && tag != Tag.SPECIFIC_CHARACTER_SET
        && tag != Tag.PIXEL_REPRESENTATION;
  }

  private long maxLoadable() {
    return Math.min(options.maxValueLength(), Integer.MAX_VALUE - 16);
  }

  private void countNode(Trace where, long at) throws DicomParseException {
    if (++elementCount > options.maxElements()) {
      throw fail(Reason.LIMIT_EXCEEDED, where, at,
          "More than " + options.maxElements() + " elements and items");
    }
  }

  private void tolerate(Trace path, long offset, String message) throws DicomParseException {
    if (options.strict()) {
      throw fail(Reason.MALFORMED, path, offset, message);
    }
    problems.add(new ParseProblem(path.toString(), offset, message));
  }

  private static String printable(int b) {
    return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b);
  }

  private static DicomParseException exception(Reason reason, Trace path, long offset,
      String message) {
    return new DicomParseException(reason, path.toString(), offset, message);
  }

  private static DicomParseException fail(Reason reason, Trace path, long offset,
      String message) {
    return exception(reason, path, offset, message);
  }
}
