package dev.lightbox.dicom.render;

import java.util.Arrays;

/**
 * Length-limited Huffman code lengths for deflate's alphabets (RFC 1951 §3.2.2 needs only the
 * lengths: codes follow canonically).
 *
 * <p>Optimal lengths come from Moffat and Katajainen's in-place algorithm over the frequencies in
 * ascending order ("In-place calculation of minimum-redundancy codes", 1995); lengths above the
 * limit are then cut to it and the Kraft sum restored by moving codes one level down, cheapest
 * first. Used symbols always get a length; a single used symbol is paired with an unused one so
 * that every code is complete, which every inflater accepts.
 */
final class HuffmanLengths {
  private final long[] sorted;
  private final int[] work;

  HuffmanLengths(int maxSymbols) {
    sorted = new long[maxSymbols];
    work = new int[maxSymbols];
  }

  /** Code lengths for symbols {@code 0..n-1} of {@code frequency}, at most {@code maxBits}. */
  void lengths(int[] frequency, int n, int maxBits, int[] lengths) {
    Arrays.fill(lengths, 0, n, 0);
    int used = 0;
    for (int s = 0; s < n; s++) {
      if (frequency[s] != 0) {
        sorted[used++] = (long) frequency[s] << 32 | s;
      }
    }
    if (used == 0) {
      return;
    }
    if (used == 1) {
      int s = (int) sorted[0];
      lengths[s] = 1;
      lengths[s == 0 ? 1 : 0] = 1;
      return;
    }
    Arrays.sort(sorted, 0, used);
    int[] a = work;
    for (int i = 0; i < used; i++) {
      a[i] = (int) (sorted[i] >>> 32);
    }
    minimumRedundancy(a, used);
    // a[i] is now the length of the i-th least frequent symbol; lengths never increase with i.
    int[] count = new int[Math.max(maxBits, a[0]) + 1];
    for (int i = 0; i < used; i++) {
      count[Math.min(a[i], maxBits)]++;
    }
    long kraft = 0;
    for (int bits = 1; bits <= maxBits; bits++) {
      kraft += (long) count[bits] << (maxBits - bits);
    }
    while (kraft > 1L << maxBits) {
      // One code leaves the longest level and a shorter code splits into two one level longer:
      // the number of codes stays, the Kraft sum falls by one unit.
      count[maxBits]--;
      int bits = maxBits - 1;
      while (bits > 0 && count[bits] == 0) {
        bits--;
      }
      if (bits == 0) {
        throw new IllegalStateException("no code to lengthen: " + Arrays.toString(count));
      }
      count[bits]--;
      count[bits + 1] += 2;
      kraft--;
    }
    int i = 0;
    for (int bits = maxBits; bits >= 1; bits--) {
      for (int k = count[bits]; k > 0; k--) {
        lengths[(int) sorted[i++]] = bits;
      }
    }
  }

  /**
   * Moffat–Katajainen: {@code a[0..n)} holds frequencies in ascending order, n ≥ 2; on return it
   * holds the optimal code lengths of those symbols, in the same order.
   */
  private static void minimumRedundancy(int[] a, int n) {
    // Phase 1: build the tree; internal nodes overwrite the consumed leaves with parent pointers.
    a[0] += a[1];
    int root = 0;
    int leaf = 2;
    for (int next = 1; next < n - 1; next++) {
      if (leaf >= n || a[root] < a[leaf]) {
        a[next] = a[root];
        a[root++] = next;
      } else {
        a[next] = a[leaf++];
      }
      if (leaf >= n || (root < next && a[root] < a[leaf])) {
        a[next] += a[root];
        a[root++] = next;
      } else {
        a[next] += a[leaf++];
      }
    }
    // Phase 2: depths of the internal nodes from their parent pointers.
    a[n - 2] = 0;
    for (int next = n - 3; next >= 0; next--) {
      a[next] = a[a[next]] + 1;
    }
    // Phase 3: leaf depths, filled from the most frequent end.
    int available = 1;
    int usedAtDepth = 0;
    int depth = 0;
    root = n - 2;
    int next = n - 1;
    while (available > 0) {
      while (root >= 0 && a[root] == depth) {
        usedAtDepth++;
        root--;
      }
      while (available > usedAtDepth) {
        a[next--] = depth;
        available--;
      }
      available = 2 * usedAtDepth;
      depth++;
      usedAtDepth = 0;
    }
  }
}
