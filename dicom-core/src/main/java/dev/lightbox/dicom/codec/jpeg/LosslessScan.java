package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;

/**
 * Decodes the entropy-coded data of one lossless scan (ITU-T T.81 Annex H) into the interleaved
 * sample array: Huffman-coded difference categories (§H.1.2.2, Table H.2, category 16 meaning
 * 32768 with no extra bits), the predictors of Table H.1, reconstruction modulo 2^16 (§H.2.1), the
 * prediction rules at the start of the scan and of each restart interval (§H.1.2.1), and finally
 * the point transform (output shifted left by Pt). Restart intervals are whole lines (the caller
 * refuses others, as libijg does), so a restart always starts a "first line" again.
 */
final class LosslessScan {
  private final LosslessFrame frame;
  private final int[] components;
  private final HuffmanTable[] tables;
  private final int predictor;
  private final int pointTransform;
  private final int restartInterval;
  private final EntropyReader reader;
  private final int[] out;
  /** Per scan component: {@link #FAST_BITS}-bit table of whole difference codes, see below. */
  private final int[][] fast;

  /**
   * Bits looked at once: a Huffman code plus its extra bits (§H.1.2.2) that fit in this many bits
   * decode with one table lookup, which covers almost every sample of medical images.
   */
  static final int FAST_BITS = 12;

  LosslessScan(LosslessFrame frame, int[] components, HuffmanTable[] tables, int predictor,
      int pointTransform, int restartInterval, EntropyReader reader, int[] out) {
    this.frame = frame;
    this.components = components;
    this.tables = tables;
    this.predictor = predictor;
    this.pointTransform = pointTransform;
    this.restartInterval = restartInterval;
    this.reader = reader;
    this.out = out;
    this.fast = new int[tables.length][];
    for (int k = 0; k < tables.length; k++) {
      for (int j = 0; j < k && fast[k] == null; j++) {
        if (tables[j] == tables[k]) {
          fast[k] = fast[j];
        }
      }
      if (fast[k] == null) {
        fast[k] = fastTable(tables[k]);
      }
    }
  }

  /**
   * Entry {@code (difference << 8) | bits used} for every {@value #FAST_BITS}-bit window whose
   * leading Huffman code (at most {@link HuffmanTable#LOOKAHEAD} bits) and extra bits fit inside it,
   * else 0 (decoded the long way).
   */
  private static int[] fastTable(HuffmanTable table) {
    int[] t = new int[1 << FAST_BITS];
    int shift = FAST_BITS - HuffmanTable.LOOKAHEAD;
    for (int window = 0; window < t.length; window++) {
      int entry = table.lookup[window >>> shift];
      if (entry == 0) {
        continue;
      }
      int length = entry >>> 8;
      int category = entry & 0xFF;
      if (category == 0) {
        t[window] = length;
      } else if (category == 16) {
        t[window] = (32768 << 8) | length;
      } else if (category < 16 && length + category <= FAST_BITS) {
        int extra = (window >>> (FAST_BITS - length - category)) & ((1 << category) - 1);
        int diff = extra < (1 << (category - 1)) ? extra - (1 << category) + 1 : extra;
        t[window] = (diff << 8) | (length + category);
      }
    }
    return t;
  }

  void decode() throws CodecException {
    int nc = frame.ids.length;
    int width = frame.width;
    int stride = width * nc;
    // §H.1.2.1: the first sample of the scan, and of each restart interval, is predicted by
    // 2^(P−Pt−1); the rest of that line by the sample to the left (Ra), the first sample of each
    // other line by the one above (Rb).
    int initial = 1 << (frame.precision - pointTransform - 1);
    int mcusLeft = restartInterval;
    int nextRestart = 0;
    int resetRow = 0;
    int resetColumn = 0;
    for (int y = 0; y < frame.height; y++) {
      int row = y * stride;
      if (restartInterval == 0 && y > 0) {
        // No restarts: the common case runs without the per-sample restart bookkeeping.
        if (components.length == 1) {
          decodeRow(row, components[0], nc, stride, tables[0], fast[0]);
        } else {
          decodeInterleavedRow(row, nc, stride);
        }
        reader.checkOverrun();
        continue;
      }
      for (int x = 0; x < width; x++) {
        if (restartInterval > 0) {
          if (mcusLeft == 0) {
            reader.restart(nextRestart);
            nextRestart = (nextRestart + 1) & 7;
            mcusLeft = restartInterval;
            resetRow = y;
            resetColumn = x;
          }
          mcusLeft--;
        }
        int at = row + x * nc;
        for (int k = 0; k < components.length; k++) {
          int i = at + components[k];
          int prediction;
          if (y == resetRow) {
            prediction = x == resetColumn ? initial : out[i - nc];
          } else if (x == 0) {
            prediction = out[i - stride];
          } else {
            prediction = predict(out[i - nc], out[i - stride], out[i - stride - nc]);
          }
          out[i] = (prediction + difference(tables[k], fast[k])) & 0xFFFF;
        }
      }
      reader.checkOverrun();
    }
    if (pointTransform > 0) {
      for (int c : components) {
        for (int i = c; i < out.length; i += nc) {
          out[i] = (out[i] << pointTransform) & 0xFFFF;
        }
      }
    }
  }

  /** One line (y ≥ 1, no restart inside it) of a single-component scan. */
  private void decodeRow(int row, int c, int nc, int stride, HuffmanTable table, int[] quick)
      throws CodecException {
    int i = row + c;
    out[i] = (out[i - stride] + difference(table, quick)) & 0xFFFF;
    int last = row + stride;
    switch (predictor) {
      case 1 -> {
        for (i += nc; i < last; i += nc) {
          out[i] = (out[i - nc] + difference(table, quick)) & 0xFFFF;
        }
      }
      case 2 -> {
        for (i += nc; i < last; i += nc) {
          out[i] = (out[i - stride] + difference(table, quick)) & 0xFFFF;
        }
      }
      default -> {
        for (i += nc; i < last; i += nc) {
          int p = predict(out[i - nc], out[i - stride], out[i - stride - nc]);
          out[i] = (p + difference(table, quick)) & 0xFFFF;
        }
      }
    }
  }

  /** One line (y ≥ 1, no restart inside it) of a scan of several interleaved components. */
  private void decodeInterleavedRow(int row, int nc, int stride) throws CodecException {
    int n = components.length;
    for (int k = 0; k < n; k++) {
      int i = row + components[k];
      out[i] = (out[i - stride] + difference(tables[k], fast[k])) & 0xFFFF;
    }
    for (int at = row + nc; at < row + stride; at += nc) {
      for (int k = 0; k < n; k++) {
        int i = at + components[k];
        int p = predict(out[i - nc], out[i - stride], out[i - stride - nc]);
        out[i] = (p + difference(tables[k], fast[k])) & 0xFFFF;
      }
    }
  }

  /** T.81 Table H.1; Ra left, Rb above, Rc above-left. */
  private int predict(int ra, int rb, int rc) {
    return switch (predictor) {
      case 1 -> ra;
      case 2 -> rb;
      case 3 -> rc;
      case 4 -> ra + rb - rc;
      case 5 -> ra + ((rb - rc) >> 1);
      case 6 -> rb + ((ra - rc) >> 1);
      default -> (ra + rb) >> 1;
    };
  }

  /** One difference value (T.81 §H.1.2.2, Table H.2). */
  private int difference(HuffmanTable table, int[] quick) throws CodecException {
    int entry = quick[reader.peek(FAST_BITS)];
    if (entry != 0) {
      reader.skip(entry & 0xFF);
      return entry >> 8;
    }
    return slowDifference(table);
  }

  private int slowDifference(HuffmanTable table) throws CodecException {
    int category = reader.decode(table);
    if (category == 0) {
      return 0;
    }
    if (category < 16) {
      return reader.receiveExtend(category);
    }
    if (category == 16) {
      return 32768;
    }
    throw new CodecException(JpegDctDecoder.CODEC, reader.position(),
        "difference category " + category + " above 16 (T.81 Table H.2)");
  }
}
