package dev.lightbox.dicom.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A small, fast PNG writer (ISO/IEC 15948) for 8-bit grey, 16-bit grey and 8-bit RGB. Rows use
 * the Sub filter, which predicts medical images well at almost no cost, and zlib level 1 by
 * default: rendering for the browser is latency-bound, not size-bound. Output is deterministic.
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};
  private final int level;

  public PngEncoder() {
    this(1);
  }

  /** @param level zlib compression level 0..9 */
  public PngEncoder(int level) {
    this.level = level;
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
    // Filtered rows are gathered into blocks of about 256 KiB and handed to zlib one block at a
    // time: one setInput/deflate round per row costs more than the compression itself at level 1.
    int rowsPerBlock = Math.max(1, Math.min(img.height(), (256 << 10) / (stride + 1)));
    byte[] block = new byte[rowsPerBlock * (stride + 1)];
    byte[] raw = new byte[stride];
    Deflater deflater = new Deflater(level);
    byte[] buf = new byte[Math.max(8192, Math.min(1 << 20, stride * img.height() / 4 + 64))];
    ByteArrayOutputStream idat = new ByteArrayOutputStream(buf.length);
    try {
      for (int y0 = 0; y0 < img.height(); y0 += rowsPerBlock) {
        int rows = Math.min(rowsPerBlock, img.height() - y0);
        for (int r = 0, at = 0; r < rows; r++, at += stride + 1) {
          rowBytes(img, y0 + r, raw);
          block[at] = 1; // Sub filter (ISO/IEC 15948 §9.2): each byte minus the one bpp before
          System.arraycopy(raw, 0, block, at + 1, bpp);
          for (int i = bpp; i < stride; i++) {
            block[at + 1 + i] = (byte) (raw[i] - raw[i - bpp]);
          }
        }
        deflater.setInput(block, 0, rows * (stride + 1));
        while (!deflater.needsInput()) {
          int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
          idat.write(buf, 0, n);
        }
      }
      deflater.finish();
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        idat.write(buf, 0, n);
      }
    } finally {
      deflater.end();
    }
    byte[] data = idat.toByteArray();
    chunk(out, "IDAT", data, data.length);
    chunk(out, "IEND", new byte[0], 0);
  }

  private static void rowBytes(RenderedImage img, int y, byte[] raw) {
    int n = img.width() * img.channels();
    if (img.bitDepth() == 8) {
      System.arraycopy(img.bytes(), y * n, raw, 0, n);
    } else {
      short[] s = img.shorts();
      for (int i = 0, p = y * n; i < n; i++, p++) {
        raw[2 * i] = (byte) (s[p] >>> 8); // PNG samples are big-endian
        raw[2 * i + 1] = (byte) s[p];
      }
    }
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
