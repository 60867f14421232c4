package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.codec.CodecException;
import java.util.Arrays;

/**
 * Decodes the entropy-coded data of one scan into the pixel-interleaved output, handling the
 * interleave modes (ITU-T T.87 Annex B) and restart intervals (T.87 §D.3). Restart intervals
 * count lines: lines of one component (ILV 0) or lines of all the scan's components (ILV 1, 2).
 */
final class ScanDecoder {
  /** Padding to the byte boundary plus a stuffed 0xFF pair at most; anything more is data. */
  static final int MAX_UNREAD_BYTES = 2;

  static final String UNREAD_MESSAGE = "scan not consumed: ";

  private final byte[] data;
  private final int streamStart;
  private final int streamEnd;

  ScanDecoder(byte[] data, int streamStart, int streamEnd) {
    this.data = data;
    this.streamStart = streamStart;
    this.streamEnd = streamEnd;
  }

  /**
   * Decodes the scan whose entropy-coded data starts at {@code pos} and returns the position of
   * the marker that ends it.
   */
  int decode(
      int pos,
      FrameHeader frame,
      ScanHeader scan,
      CodingParameters params,
      int restartInterval,
      SampleBuffer buffer)
      throws CodecException {
    int width = frame.width();
    int height = frame.height();
    int[] comps = scan.componentIndices();
    int ns = comps.length;
    int stride = frame.components();
    BitReader in = new BitReader(data, streamStart);
    boolean sampleMode = scan.interleave() == ScanHeader.ILV_SAMPLE;
    LineDecoder lines = new LineDecoder(in, params, sampleMode ? 1 : ns);
    int[][] prev = new int[ns][width + 2];
    int[][] cur = new int[ns][width + 2];
    int segmentEnd = findMarker(pos);
    in.reset(pos, segmentEnd);
    int linesInInterval = 0;
    int restartNumber = 0;
    for (int y = 0; y < height; y++) {
      if (restartInterval > 0 && linesInInterval == restartInterval) {
        checkConsumed(in, segmentEnd);
        pos = expectRestart(segmentEnd, restartNumber);
        restartNumber = (restartNumber + 1) & 7;
        segmentEnd = findMarker(pos);
        in.reset(pos, segmentEnd);
        lines.resetState();
        for (int s = 0; s < ns; s++) {
          Arrays.fill(prev[s], 0);
        }
        linesInInterval = 0;
      }
      if (sampleMode) {
        lines.decodeSampleLine(prev, cur, width, ns);
      } else {
        for (int s = 0; s < ns; s++) {
          lines.decodeLine(prev[s], cur[s], width, s);
        }
      }
      in.checkNotOverrun(y);
      int[] out = buffer.forLines(y + 1);
      for (int s = 0; s < ns; s++) {
        int[] line = cur[s];
        int o = y * width * stride + comps[s];
        for (int x = 1; x <= width; x++, o += stride) {
          out[o] = line[x];
        }
      }
      int[][] t = prev;
      prev = cur;
      cur = t;
      linesInInterval++;
    }
    checkConsumed(in, segmentEnd);
    return segmentEnd;
  }

  /**
   * Fails when the decoded lines did not use up the entropy-coded segment. An encoder pads only
   * to the byte boundary (T.87 §D.2, §D.3), so more unread bytes mean the decoder and the
   * encoder disagreed on the coding parameters and every sample may be wrong: decoding 49 of
   * 304 bytes of a CharLS 1.x stream "successfully" gave 824 of 851 wrong samples.
   */
  private void checkConsumed(BitReader in, int segmentEnd) throws CodecException {
    int unread = in.unreadBytes();
    if (unread > MAX_UNREAD_BYTES) {
      throw new CodecException(JpegLsDecoder.CODEC, segmentEnd - streamStart,
          UNREAD_MESSAGE + unread + " bytes of entropy-coded data before this marker were not "
              + "used by the decoded lines (coding parameters disagree with the encoder's)");
    }
  }

  /**
   * First marker at or after {@code pos}: 0xFF followed by a byte with its MSB set. Inside
   * entropy-coded data every 0xFF is followed by a stuffed byte below 0x80 (T.87 §9.1), so this
   * is where the segment ends. Returns the stream end when no marker follows.
   */
  private int findMarker(int pos) {
    for (int p = pos; p < streamEnd - 1; p++) {
      if (data[p] == (byte) 0xFF && (data[p + 1] & 0x80) != 0) {
        return p;
      }
    }
    return streamEnd;
  }

  private int expectRestart(int pos, int number) throws CodecException {
    int p = pos;
    while (p + 1 < streamEnd && data[p] == (byte) 0xFF && data[p + 1] == (byte) 0xFF) {
      p++;
    }
    int expected = 0xD0 + number;
    if (p + 1 >= streamEnd || data[p] != (byte) 0xFF || (data[p + 1] & 0xFF) != expected) {
      throw new CodecException(
          JpegLsDecoder.CODEC,
          p - streamStart,
          "expected restart marker RST" + number + " (0xFF" + Integer.toHexString(expected) + ")");
    }
    return p + 2;
  }
}
