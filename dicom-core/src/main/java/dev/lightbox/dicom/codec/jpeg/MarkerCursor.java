package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;
import java.util.List;

/**
 * Walks the marker segments of one JPEG stream (ITU-T T.81 §B.1.1–B.2.4) for both decoders
 * ({@link JpegDctDecoder}, {@link JpegLosslessDecoder}): finds the next marker (fill bytes allowed,
 * bytes outside a segment skipped with a warning, as libjpeg does), checks segment lengths against
 * the data, and parses the table segments the two processes share (DHT, DRI).
 */
final class MarkerCursor {
  private final byte[] data;
  private final int base;
  private final int end;
  private final List<String> warnings;
  /** Next unread byte. */
  int pos;

  MarkerCursor(byte[] data, int base, int end, List<String> warnings) {
    this.data = data;
    this.base = base;
    this.end = end;
    this.warnings = warnings;
    this.pos = base;
  }

  /** True when the stream starts with SOI (T.81 §B.2.1); consumes it. */
  boolean readSoi() {
    if (end - pos < 2 || (data[pos] & 0xFF) != 0xFF || (data[pos + 1] & 0xFF) != 0xD8) {
      return false;
    }
    pos += 2;
    return true;
  }

  /** Skips to the next marker (T.81 §B.1.1.2 fill bytes allowed) and returns its code, or -1. */
  int nextMarker() {
    while (true) {
      int skippedFrom = pos;
      while (pos < end && (data[pos] & 0xFF) != 0xFF) {
        pos++; // bytes outside a segment: skipped, as libjpeg does after a warning
      }
      if (pos > skippedFrom && pos < end) {
        warnings.add("JPEG: " + (pos - skippedFrom) + " bytes outside any segment skipped @ "
            + "stream offset " + (skippedFrom - base));
      }
      while (pos + 1 < end && (data[pos + 1] & 0xFF) == 0xFF) {
        pos++;
      }
      if (pos + 1 >= end) {
        pos = end;
        return -1;
      }
      int marker = data[pos + 1] & 0xFF;
      pos += 2;
      if (marker != 0) {
        return marker;
      }
    }
  }

  /** The length field at {@link #pos} (T.81 §B.1.1.4), checked against the remaining bytes. */
  int segmentLength() throws CodecException {
    if (end - pos < 2) {
      throw error(pos - base, "marker segment length runs past the end of data");
    }
    int length = (data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF);
    if (length < 2 || length > end - pos) {
      throw error(pos - base, "marker segment length " + length + " exceeds the remaining "
          + (end - pos) + " bytes");
    }
    return length;
  }

  /** DHT (T.81 §B.2.4.2): one or more tables into {@code dc} / {@code ac} by destination. */
  void readHuffmanTables(int p, int segmentEnd, HuffmanTable[] dc, HuffmanTable[] ac)
      throws CodecException {
    while (p < segmentEnd) {
      if (segmentEnd - p < 17) {
        throw error(p - base, "DHT table header of " + (segmentEnd - p) + " bytes, needs 17");
      }
      int tc = (data[p] & 0xFF) >> 4;
      int th = data[p] & 0x0F;
      if (tc > 1 || th > 3) {
        throw error(p - base, "DHT class " + tc + " / destination " + th + " out of range");
      }
      int[] counts = new int[16];
      int total = 0;
      for (int i = 0; i < 16; i++) {
        counts[i] = data[p + 1 + i] & 0xFF;
        total += counts[i];
      }
      p += 17;
      if (total > 256 || total > segmentEnd - p) {
        throw error(p - base, "DHT declares " + total + " symbols but " + (segmentEnd - p)
            + " bytes remain");
      }
      int[] symbols = new int[total];
      for (int i = 0; i < total; i++) {
        symbols[i] = data[p + i] & 0xFF;
      }
      HuffmanTable table = new HuffmanTable(counts, symbols, p - 17 - base);
      if (tc == 0) {
        dc[th] = table;
      } else {
        ac[th] = table;
      }
      p += total;
    }
  }

  /** DRI (T.81 §B.2.4.4): the restart interval in MCUs, 0 for none. */
  int readRestartInterval(int p, int length) throws CodecException {
    if (length != 2) {
      throw error(p - base, "DRI length " + (length + 2) + " is not 4");
    }
    return (data[p] & 0xFF) << 8 | (data[p + 1] & 0xFF);
  }

  private static CodecException error(long at, String message) {
    return new CodecException(JpegDctDecoder.CODEC, at, message);
  }
}
