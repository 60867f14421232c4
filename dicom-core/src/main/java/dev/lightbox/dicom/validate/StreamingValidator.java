package dev.lightbox.dicom.validate;

import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomParseException.Reason;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseProblem;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks the whole structure of a DICOM file from the bytes of a stream as they pass, for a caller
 * that is already moving them (an upload being written and hashed): no second read, no value kept,
 * memory independent of file size. Feed every slice in order with {@link #update}, then call
 * {@link #finish} at the end of input; either throws the {@link DicomParseException} that {@code
 * DicomReader} reading the whole file would throw, naming the same tag path and byte offset.
 *
 * <p>The start of the file (preamble, File Meta Information, transfer syntax, PS3.10 §7) is decided
 * by {@link DicomReader} itself on the first bytes, so every repair it makes there (missing
 * preamble, contradicting VR encoding, bare datasets) applies unchanged; the dataset is then walked
 * by {@link StructureWalker}, through a raw inflater for deflated syntaxes (PS3.5 §A.5) with the
 * reader's size and ratio limits.
 *
 * <p>One check goes beyond the reader: native pixel data shorter than the Image Pixel module
 * requires is refused (see {@link PixelLengthCheck}).
 *
 * <p>Not thread-safe; one instance per file.
 */
public final class StreamingValidator {
  /** First attempt to read the start of the file; enough for any real File Meta Information. */
  private static final int START_BYTES = 64 * 1024;
  /** File Meta Information longer than this is refused as the reader would refuse a cut one. */
  static final int MAX_START_BYTES = 1 << 20;
  private static final int INFLATE_CHUNK = 16 * 1024;

  private final ReadOptions options;
  private final List<ParseProblem> problems = new ArrayList<>();
  /** The start of the file while it arrives in slices too short to decide it; usually never needed. */
  private byte[] start;
  private int startLength;
  private int nextAttempt = START_BYTES;
  private StructureWalker walker;
  private Inflater inflater;
  private byte[] inflated;
  private long inflatedCount;
  private long received;
  private boolean finished;

  /** @param options the reader options the file must pass (strictness, limits) */
  public StreamingValidator(ReadOptions options) {
    this.options = options.withStopBeforeTag(ReadOptions.READ_ALL);
  }

  /** Checks the next {@code len} bytes of the file. */
  public void update(byte[] b, int off, int len) throws DicomParseException {
    if (finished) {
      throw new IllegalStateException("finish() was called");
    }
    received += len;
    if (walker == null && startLength == 0 && len >= nextAttempt) {
      // The first slice is long enough to decide the start: read it where it lies, no copy of it.
      if (tryStart(b, off, len, false)) {
        return;
      }
      nextAttempt = Math.min(MAX_START_BYTES, nextAttempt * 2);
    }
    if (walker == null) {
      int copy = Math.min(len, MAX_START_BYTES - startLength);
      if (start == null) {
        start = new byte[Math.max(START_BYTES, copy)];
      }
      if (startLength + copy > start.length) {
        start = Arrays.copyOf(start, Math.min(MAX_START_BYTES,
            Math.max(start.length * 2, startLength + copy)));
      }
      System.arraycopy(b, off, start, startLength, copy);
      startLength += copy;
      if (startLength < nextAttempt && startLength < MAX_START_BYTES) {
        return;
      }
      if (!tryStart(start, 0, startLength, false)) {
        nextAttempt = Math.min(MAX_START_BYTES, nextAttempt * 2);
        return;
      }
      off += copy;
      len -= copy;
    }
    dataset(b, off, len);
  }

  /** The input ended: throws if the file is cut short or broken anywhere. */
  public void finish() throws DicomParseException {
    if (finished) {
      return;
    }
    finished = true;
    if (walker == null) {
      tryStart(start == null ? new byte[0] : start, 0, startLength, true);
    }
    if (inflater != null && !inflater.finished()) {
      throw new DicomParseException(Reason.MALFORMED, "", inflatedCount,
          "deflate stream ended unexpectedly (offset counts inflated bytes)");
    }
    walker.finish();
  }

  /** Defects past the File Meta Information that the lenient reader repairs, in file order. */
  public List<ParseProblem> problems() {
    return List.copyOf(problems);
  }

  /** Bytes given to {@link #update} so far. */
  public long received() {
    return received;
  }

  /**
   * Lets the reader decide where and how the dataset starts from the bytes seen so far. Returns
   * false when more bytes may change its answer (the start is cut short only by what has arrived).
   */
  private boolean tryStart(byte[] head, int headOff, int headLength, boolean atEnd)
      throws DicomParseException {
    ParseResult first;
    try {
      first = DicomReader.read(new ArrayByteSource(head, headOff, headLength),
          options.withStopBeforeTag(0));
    } catch (DicomParseException e) {
      if (atEnd || headLength >= MAX_START_BYTES) {
        throw e;
      }
      return false;
    } catch (IOException e) {
      throw new DicomParseException(Reason.MALFORMED, "", 0, e.getMessage());
    }
    long datasetAt = first.datasetOffset();
    // The reader looks at the first dataset element to confirm the declared VR encoding.
    if (!atEnd && datasetAt + 8 > headLength && headLength < MAX_START_BYTES) {
      return false;
    }
    TransferSyntax ts = first.transferSyntax();
    walker = new StructureWalker(options, ts.explicitVr(), ts.bigEndian(), datasetAt,
        !ts.deflated(), problems);
    if (ts.deflated()) {
      inflater = new Inflater(true);
      inflated = new byte[INFLATE_CHUNK];
    }
    start = null;
    dataset(head, headOff + (int) datasetAt, headLength - (int) datasetAt);
    return true;
  }

  private void dataset(byte[] b, int off, int len) throws DicomParseException {
    if (len <= 0) {
      return;
    }
    if (inflater == null) {
      walker.feed(b, off, len);
      return;
    }
    if (inflater.finished()) {
      return; // bytes after the end of the deflate stream are never read by the reader
    }
    inflater.setInput(b, off, len);
    try {
      while (!inflater.finished()) {
        // needsInput() is true as soon as the input is consumed, even with output still pending.
        int n = inflater.inflate(inflated);
        if (n == 0) {
          if (inflater.needsDictionary()) {
            throw new DataFormatException("a preset dictionary is required");
          }
          break;
        }
        inflatedCount += n;
        checkInflateLimits();
        walker.feed(inflated, 0, n);
      }
    } catch (DataFormatException e) {
      throw new DicomParseException(Reason.MALFORMED, "", inflatedCount,
          "corrupt deflate stream: " + e.getMessage() + " (offset counts inflated bytes)");
    }
  }

  /** The reader's zip-bomb guards (see ReadOptions#maxInflatedBytes, #maxDeflateRatio). */
  private void checkInflateLimits() throws DicomParseException {
    if (inflatedCount > options.maxInflatedBytes()) {
      throw new DicomParseException(Reason.LIMIT_EXCEEDED, "", inflatedCount,
          "inflated dataset exceeds limit of " + options.maxInflatedBytes()
              + " bytes (offset counts inflated bytes)");
    }
    long deflated = Math.max(1, inflater.getBytesRead());
    if (inflatedCount > (1 << 20) && inflatedCount > (long) options.maxDeflateRatio() * deflated) {
      throw new DicomParseException(Reason.LIMIT_EXCEEDED, "", inflatedCount,
          "deflate ratio " + inflatedCount / deflated + ":1 exceeds limit "
              + options.maxDeflateRatio() + ":1 (offset counts inflated bytes)");
    }
  }
}
