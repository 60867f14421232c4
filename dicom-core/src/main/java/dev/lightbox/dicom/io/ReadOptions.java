package dev.lightbox.dicom.io;

import dev.lightbox.dicom.data.Tag;

/**
 * Per-call reader settings. All limits are checked before memory is allocated for a value.
 *
 * @param strictness whether to repair and report common defects or refuse them
 * @param bulkThreshold values longer than this many bytes are not loaded but kept as {@link
 *     dev.lightbox.dicom.data.BulkDataRef}s when the source supports random access
 * @param maxValueLength the longest value the reader will load into memory
 * @param maxDepth deepest sequence nesting accepted (top-level sequences are depth 1)
 * @param stopBeforeTag reading stops at the first top-level tag at or above this (unsigned); {@code
 *     0xFFFFFFFF} reads everything
 * @param maxInflatedBytes ceiling on the inflated size of a deflated dataset
 * @param maxDeflateRatio ceiling on inflated/deflated bytes (zip-bomb guard)
 * @param maxElements ceiling on the number of elements plus sequence items in the whole input, so
 *     that a file of millions of tiny or empty items cannot cost many times its size in heap
 */
public record ReadOptions(Strictness strictness, int bulkThreshold, long maxValueLength,
    int maxDepth, int stopBeforeTag, long maxInflatedBytes, int maxDeflateRatio,
    int maxElements) {

  public static final int READ_ALL = 0xFFFFFFFF;

  /** Default for {@link #maxElements}: far above real headers (enhanced multi-frame ~10^5). */
  public static final int DEFAULT_MAX_ELEMENTS = 4_000_000;

  /** The options without {@link #maxElements}, which takes its default. */
  public ReadOptions(Strictness strictness, int bulkThreshold, long maxValueLength, int maxDepth,
      int stopBeforeTag, long maxInflatedBytes, int maxDeflateRatio) {
    this(strictness, bulkThreshold, maxValueLength, maxDepth, stopBeforeTag, maxInflatedBytes,
        maxDeflateRatio, DEFAULT_MAX_ELEMENTS);
  }

  /**
   * Lenient; values over 64 KiB left in the source; 256 MiB max loaded value; depth 64; 4 GiB and
   * 200:1 inflate limits; 4 million elements and items.
   */
  public static ReadOptions defaults() {
    return new ReadOptions(Strictness.LENIENT, 64 * 1024, 256L << 20, 64, READ_ALL, 4L << 30, 200,
        DEFAULT_MAX_ELEMENTS);
  }

  /** Defaults, stopping before Pixel Data (and Float/Double Float Pixel Data). */
  public static ReadOptions headerOnly() {
    return defaults().withStopBeforeTag(Tag.FLOAT_PIXEL_DATA);
  }

  public ReadOptions withStrictness(Strictness s) {
    return new ReadOptions(s, bulkThreshold, maxValueLength, maxDepth, stopBeforeTag,
        maxInflatedBytes, maxDeflateRatio, maxElements);
  }

  public ReadOptions withBulkThreshold(int threshold) {
    return new ReadOptions(strictness, threshold, maxValueLength, maxDepth, stopBeforeTag,
        maxInflatedBytes, maxDeflateRatio, maxElements);
  }

  public ReadOptions withMaxValueLength(long max) {
    return new ReadOptions(strictness, bulkThreshold, max, maxDepth, stopBeforeTag,
        maxInflatedBytes, maxDeflateRatio, maxElements);
  }

  public ReadOptions withMaxDepth(int depth) {
    return new ReadOptions(strictness, bulkThreshold, maxValueLength, depth, stopBeforeTag,
        maxInflatedBytes, maxDeflateRatio, maxElements);
  }

  public ReadOptions withStopBeforeTag(int tag) {
    return new ReadOptions(strictness, bulkThreshold, maxValueLength, maxDepth, tag,
        maxInflatedBytes, maxDeflateRatio, maxElements);
  }

  public ReadOptions withDeflateLimits(long maxInflated, int maxRatio) {
    return new ReadOptions(strictness, bulkThreshold, maxValueLength, maxDepth, stopBeforeTag,
        maxInflated, maxRatio, maxElements);
  }

  public ReadOptions withMaxElements(int max) {
    return new ReadOptions(strictness, bulkThreshold, maxValueLength, maxDepth, stopBeforeTag,
        maxInflatedBytes, maxDeflateRatio, max);
  }

  public boolean strict() {
    return strictness == Strictness.STRICT;
  }
}
