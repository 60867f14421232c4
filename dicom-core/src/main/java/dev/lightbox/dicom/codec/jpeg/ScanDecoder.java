package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;
import java.util.Arrays;

/**
 * Decodes the entropy-coded data of one sequential Huffman scan (ITU-T T.81 §F.2): MCUs in
 * interleaved or non-interleaved order (§A.2), restart intervals (§F.2.2.5), DC prediction and
 * run-length AC decoding (§F.2.2.1–2), dequantisation and the inverse DCT into each component's
 * sample plane.
 */
final class ScanDecoder {
  /** Natural-order index of each zig-zag position (T.81 Figure A.6). */
  static final int[] ZIGZAG = zigzag();

  private final JpegFrame frame;
  private final JpegComponent[] scan;
  private final HuffmanTable[] dc;
  private final HuffmanTable[] ac;
  private final int[][] quant;
  private final int restartInterval;
  private final EntropyReader in;
  private final InverseDct idct;
  private final int[] predictor;
  private final int[] coef = new int[64];

  ScanDecoder(JpegFrame frame, JpegComponent[] scan, HuffmanTable[] dc, HuffmanTable[] ac,
      int[][] quant, int restartInterval, EntropyReader in, InverseDct idct) {
    this.frame = frame;
    this.scan = scan;
    this.dc = dc;
    this.ac = ac;
    this.quant = quant;
    this.restartInterval = restartInterval;
    this.in = in;
    this.idct = idct;
    this.predictor = new int[scan.length];
  }

  /** Number of data units (blocks) the scan codes, for plausibility checks before allocating. */
  static long blockCount(JpegFrame frame, JpegComponent[] scan) {
    if (scan.length == 1) {
      return (long) scan[0].blocksPerLine * scan[0].blocksPerColumn;
    }
    long perMcu = 0;
    for (JpegComponent c : scan) {
      perMcu += (long) c.h * c.v;
    }
    return perMcu * frame.mcusPerLine * frame.mcuRows;
  }

  void decode() throws CodecException {
    if (scan.length == 1) {
      JpegComponent c = scan[0];
      int mcu = 0;
      for (int by = 0; by < c.blocksPerColumn; by++) {
        for (int bx = 0; bx < c.blocksPerLine; bx++) {
          restartIfDue(mcu++);
          decodeBlock(0, c, by * 8 * c.stride + bx * 8);
        }
      }
      return;
    }
    int mcu = 0;
    for (int my = 0; my < frame.mcuRows; my++) {
      for (int mx = 0; mx < frame.mcusPerLine; mx++) {
        restartIfDue(mcu++);
        for (int i = 0; i < scan.length; i++) {
          JpegComponent c = scan[i];
          for (int v = 0; v < c.v; v++) {
            int rowStart = ((my * c.v + v) * 8) * c.stride + mx * c.h * 8;
            for (int h = 0; h < c.h; h++) {
              decodeBlock(i, c, rowStart + h * 8);
            }
          }
        }
      }
    }
  }

  private void restartIfDue(int mcu) throws CodecException {
    if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
      in.restart((mcu / restartInterval - 1) & 7);
      Arrays.fill(predictor, 0);
    }
  }

  /**
   * A level-shifted P-bit block has a DC coefficient within ±2^(P+2) (T.81 §A.3.3: F(0,0) is the
   * block sum / 8), so after dequantisation no valid stream exceeds that by more than one
   * quantisation step. Hostile DC differences accumulate without bound in the predictor; left
   * unchecked they overflowed or were clamped by the IDCT into a plausible, wrong image.
   */
  private void checkDcRange(int index, int q0) throws CodecException {
    long dc = (long) predictor[index] * q0;
    long bound = (4L << frame.precision) + q0;
    if (dc > bound || dc < -bound) {
      throw new CodecException(JpegDctDecoder.CODEC, in.position(), "DC coefficient " + dc
          + " of component " + scan[index].id + " outside ±" + bound + " for "
          + frame.precision + "-bit samples (T.81 §A.3.3): corrupt stream");
    }
  }

  /** Decodes one 8×8 block (T.81 §F.2.2.1, §F.2.2.2) and writes its samples at {@code start}. */
  private void decodeBlock(int index, JpegComponent c, int start) throws CodecException {
    int[] q = quant[index];
    int s = in.decode(dc[index]);
    if (s != 0) {
      if (s > 15) {
        throw new CodecException(
            JpegDctDecoder.CODEC, in.position(), "DC difference category " + s + " above 15");
      }
      predictor[index] += in.receiveExtend(s);
      checkDcRange(index, q[0]);
    }
    int[] block = coef;
    HuffmanTable acTable = ac[index];
    boolean acPresent = false;
    for (int k = 1; k < 64; ) {
      int rs = in.decode(acTable);
      int size = rs & 15;
      int run = rs >> 4;
      if (size == 0) {
        if (run != 15) {
          break; // EOB
        }
        k += 16; // ZRL
        continue;
      }
      k += run;
      if (k > 63) {
        throw new CodecException(
            JpegDctDecoder.CODEC, in.position(), "AC coefficient index " + k + " beyond 63");
      }
      int z = ZIGZAG[k];
      block[z] = in.receiveExtend(size) * q[z];
      acPresent = true;
      k++;
    }
    in.checkOverrun();
    if (!acPresent) {
      short value = (short) idct.dcOnly(predictor[index] * q[0]);
      for (int r = 0, o = start; r < 8; r++, o += c.stride) {
        Arrays.fill(c.plane, o, o + 8, value);
      }
      return;
    }
    block[0] = predictor[index] * q[0];
    idct.transform(block, c.plane, start, c.stride);
    Arrays.fill(block, 0);
  }

  private static int[] zigzag() {
    int[] order = new int[64];
    int k = 0;
    for (int sum = 0; sum < 15; sum++) {
      for (int i = 0; i <= sum; i++) {
        int row = (sum % 2 == 0) ? sum - i : i;
        int col = sum - row;
        if (row < 8 && col < 8) {
          order[k++] = row * 8 + col;
        }
      }
    }
    return order;
  }
}
