package dev.lightbox.dicom.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A small, fast PNG writer (ISO/IEC 15948) for 8-bit grey, 16-bit grey and 8-bit RGB. Rows use
 * the Sub filter, which predicts medical images well at almost no cost, and zlib level 1 by
 * default: rendering for the browser is latency-bound, not size-bound. Images of more than about
 * 100 KiB are compressed in row chunks by two threads at once ({@link ChunkedZlib}); the output is
 * deterministic either way (the same bytes whichever thread did which chunk).
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};
  private final int level;
  private final boolean parallel;

  public PngEncoder() {
    this(1);
  }

  /** @param level zlib compression level 0..9 */
  public PngEncoder(int level) {
    this(level, true);
  }

  /**
   * @param level zlib compression level 0..9
   * @param parallel false to compress in the calling thread only (same bytes, one core)
   */
  public PngEncoder(int level, boolean parallel) {
    this.level = level;
    this.parallel = parallel;
  }

  public byte[] encode(RenderedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(img.width() * img.height() / 2 + 256);
    try {
      write(img, out);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    return out.toByteArray();
  }

  public void write(RenderedImage img, OutputStream out) throws IOException {
    out.write(SIGNATURE);
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, img.width());
    putInt(ihdr, 4, img.height());
    ihdr[8] = (byte) img.bitDepth();
    ihdr[9] = (byte) (img.channels() == 3 ? 2 : 0);
    chunk(out, "IHDR", ihdr, ihdr.length);
    int bpp = img.channels() * img.bitDepth() / 8;
    int stride = img.width() * bpp;
    ChunkedZlib.Parts idat = ChunkedZlib.compress(img.height(), stride + 1,
        (y, filtered, at) -> subFilter(img, y, bpp, stride, filtered, at), level, parallel);
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0], 0);
  }

  /**
   * Row {@code y} with the Sub filter (ISO/IEC 15948 §9.2: each byte minus the one {@code bpp}
   * before it), which predicts medical images well at almost no cost.
   */
  private static void subFilter(RenderedImage img, int y, int bpp, int stride, byte[] out,
      int at) {
    out[at] = 1;
    int o = at + 1;
    if (img.bitDepth() == 8) {
      byte[] src = img.bytes();
      int p = y * stride;
      System.arraycopy(src, p, out, o, bpp);
      for (int i = bpp; i < stride; i++) {
        out[o + i] = (byte) (src[p + i] - src[p + i - bpp]);
      }
    } else {
      rowBytes(img, y, out, o);
      for (int i = stride - 1; i >= bpp; i--) {
        out[o + i] = (byte) (out[o + i] - out[o + i - bpp]);
      }
    }
  }

  /** 16-bit samples of row {@code y}, big-endian as PNG stores them (ISO/IEC 15948 §7.1). */
  private static void rowBytes(RenderedImage img, int y, byte[] raw, int at) {
    int n = img.width() * img.channels();
    short[] s = img.shorts();
    for (int i = 0, p = y * n; i < n; i++, p++) {
      raw[at + 2 * i] = (byte) (s[p] >>> 8);
      raw[at + 2 * i + 1] = (byte) s[p];
    }
  }

  /** One chunk whose data is the zlib stream's pieces, CRC over type and all pieces. */
  private static void chunk(OutputStream out, String type, ChunkedZlib.Parts data)
      throws IOException {
    byte[] head = new byte[8];
    putInt(head, 0, data.totalLength());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, head, 4, 4);
    out.write(head);
    CRC32 crc = new CRC32();
    crc.update(t);
    for (int i = 0; i < data.pieces().length; i++) {
      out.write(data.pieces()[i], 0, data.lengths()[i]);
      crc.update(data.pieces()[i], 0, data.lengths()[i]);
    }
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.write(c);
  }

  private static void chunk(OutputStream out, String type, byte[] data, int len)
      throws IOException {
    byte[] head = new byte[8];
    putInt(head, 0, len);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, head, 4, 4);
    out.write(head);
    out.write(data, 0, len);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data, 0, len);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.write(c);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
