package dev.lightbox.dicom.codec.jpeg;

import java.io.ByteArrayOutputStream;

/**
 * A small lossless JPEG encoder for tests (ITU-T T.81 Annex H, one interleaved scan of every
 * component): covers what dcmcjpeg cannot make, chiefly restart intervals (DRI/RSTn, §B.2.4.4)
 * and hand-picked Huffman tables. The streams are checked against dcmdjpeg by the tests that use
 * them, so the encoder is not its own oracle.
 */
final class LosslessJpegBytes {
  /**
   * Difference categories 0..16 (T.81 Table H.2) with code lengths 2, 3×3, 4×3, 5×3, 6×3, 7×2, 8,
   * 9: a complete-enough prefix code without the all-ones code.
   */
  static final int[] COUNTS = {0, 1, 3, 3, 3, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0};

  private final int width;
  private final int height;
  private final int components;
  private final int precision;
  private int predictor = 1;
  private int pointTransform;
  private int restartInterval;

  LosslessJpegBytes(int width, int height, int components, int precision) {
    this.width = width;
    this.height = height;
    this.components = components;
    this.precision = precision;
  }

  LosslessJpegBytes predictor(int selectionValue) {
    this.predictor = selectionValue;
    return this;
  }

  LosslessJpegBytes pointTransform(int pt) {
    this.pointTransform = pt;
    return this;
  }

  /** Restart interval in MCUs (one sample of each component each). */
  LosslessJpegBytes restartInterval(int mcus) {
    this.restartInterval = mcus;
    return this;
  }

  /** Encodes interleaved samples (values 0..2^P−1; the low Pt bits are dropped). */
  byte[] encode(int[] samples) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    segment(out, 0xC3, sof());
    segment(out, 0xC4, dht());
    if (restartInterval > 0) {
      segment(out, 0xDD, new byte[] {(byte) (restartInterval >> 8), (byte) restartInterval});
    }
    segment(out, 0xDA, sos());
    int[] codes = new int[17];
    int[] lengths = new int[17];
    for (int length = 1, code = 0, symbol = 0; length <= 16; length++, code <<= 1) {
      for (int i = 0; i < COUNTS[length - 1]; i++, code++, symbol++) {
        codes[symbol] = code;
        lengths[symbol] = length;
      }
    }
    Bits bits = new Bits(out);
    int stride = width * components;
    int initial = 1 << (precision - pointTransform - 1);
    int mcu = 0;
    int restarts = 0;
    int resetRow = 0;
    int resetColumn = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
          bits.flush();
          marker(out, 0xD0 + (restarts++ & 7));
          resetRow = y;
          resetColumn = x;
        }
        mcu++;
        for (int c = 0; c < components; c++) {
          int i = y * stride + x * components + c;
          int ra = x > 0 ? samples[i - components] >> pointTransform : 0;
          int rb = y > 0 ? samples[i - stride] >> pointTransform : 0;
          int rc = x > 0 && y > 0 ? samples[i - stride - components] >> pointTransform : 0;
          int prediction;
          if (y == resetRow) {
            prediction = x == resetColumn ? initial : ra;
          } else if (x == 0) {
            prediction = rb;
          } else {
            prediction = switch (predictor) {
              case 1 -> ra;
              case 2 -> rb;
              case 3 -> rc;
              case 4 -> ra + rb - rc;
              case 5 -> ra + ((rb - rc) >> 1);
              case 6 -> rb + ((ra - rc) >> 1);
              default -> (ra + rb) >> 1;
            };
          }
          int diff = ((samples[i] >> pointTransform) - prediction) & 0xFFFF;
          if (diff >= 32768) {
            diff -= 65536; // T.81 §H.1.2.2: differences are taken modulo 2^16
          }
          int category = diff == -32768 ? 16 : 32 - Integer.numberOfLeadingZeros(Math.abs(diff));
          bits.put(codes[category], lengths[category]);
          if (category > 0 && category < 16) {
            bits.put(diff > 0 ? diff : diff + (1 << category) - 1, category);
          }
        }
      }
    }
    bits.flush();
    marker(out, 0xD9);
    return out.toByteArray();
  }

  private byte[] sof() {
    byte[] b = new byte[6 + 3 * components];
    b[0] = (byte) precision;
    b[1] = (byte) (height >> 8);
    b[2] = (byte) height;
    b[3] = (byte) (width >> 8);
    b[4] = (byte) width;
    b[5] = (byte) components;
    for (int c = 0; c < components; c++) {
      b[6 + 3 * c] = (byte) (c + 1);
      b[7 + 3 * c] = 0x11;
    }
    return b;
  }

  private static byte[] dht() {
    byte[] b = new byte[1 + 16 + 17];
    for (int i = 0; i < 16; i++) {
      b[1 + i] = (byte) COUNTS[i];
    }
    for (int s = 0; s < 17; s++) {
      b[17 + s] = (byte) s;
    }
    return b;
  }

  private byte[] sos() {
    byte[] b = new byte[1 + 2 * components + 3];
    b[0] = (byte) components;
    for (int c = 0; c < components; c++) {
      b[1 + 2 * c] = (byte) (c + 1);
    }
    b[1 + 2 * components] = (byte) predictor;
    b[3 + 2 * components] = (byte) pointTransform;
    return b;
  }

  private static void marker(ByteArrayOutputStream out, int code) {
    out.write(0xFF);
    out.write(code);
  }

  private static void segment(ByteArrayOutputStream out, int code, byte[] body) {
    marker(out, code);
    out.write((body.length + 2) >> 8);
    out.write(body.length + 2);
    out.writeBytes(body);
  }

  /** MSB-first bit writer with byte stuffing (§B.1.1.5) and 1-bit padding (§F.1.2.3). */
  private static final class Bits {
    private final ByteArrayOutputStream out;
    private long buffer;
    private int count;

    Bits(ByteArrayOutputStream out) {
      this.out = out;
    }

    void put(int value, int n) {
      buffer = (buffer << n) | (value & ((1L << n) - 1));
      count += n;
      while (count >= 8) {
        count -= 8;
        int b = (int) (buffer >>> count) & 0xFF;
        out.write(b);
        if (b == 0xFF) {
          out.write(0);
        }
      }
    }

    void flush() {
      if (count > 0) {
        put((1 << (8 - count)) - 1, 8 - count);
      }
    }
  }
}
