package dev.lightbox.dicom.pixel;

import dev.lightbox.dicom.pixel.PixelDataException.Reason;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Deflated Image Frame Compression, 1.2.840.10008.1.2.8.1 (PS3.5 §8.2.15): each frame is native
 * little-endian pixel data compressed with deflate (RFC 1951). The inflated size is known from the
 * header, so a stream that inflates to more is refused rather than buffered.
 */
final class DeflatedFramePixelDecoder implements PixelDecoder {
  @Override
  public Frame decode(ImagePixel img, byte[] frame) throws PixelDataException {
    long expected = img.nativeFrameLength();
    if (expected > Integer.MAX_VALUE - 16) {
      throw new PixelDataException(Reason.LIMIT_EXCEEDED, "Frame of " + expected
          + " bytes is too large to inflate");
    }
    byte[] out = inflate(frame, (int) expected, true);
    if (out == null) {
      out = inflate(frame, (int) expected, false);
    }
    if (out == null) {
      throw new PixelDataException(Reason.CORRUPT, "Deflated frame is not a valid deflate stream");
    }
    return NativeFrameDecoder.decode(img, out, 0, 0, false, false);
  }

  private static byte[] inflate(byte[] in, int expected, boolean raw) throws PixelDataException {
    Inflater inflater = new Inflater(raw);
    try {
      inflater.setInput(in);
      byte[] out = new byte[expected + 1];
      int n = 0;
      while (!inflater.finished() && n < out.length) {
        int r = inflater.inflate(out, n, out.length - n);
        if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += r;
      }
      if (n > expected) {
        throw new PixelDataException(Reason.CORRUPT,
            "Deflated frame inflates to more than the " + expected + " bytes the header implies");
      }
      if (n < expected) {
        return raw && n == 0 ? null : shortFrame(n, expected);
      }
      return java.util.Arrays.copyOf(out, expected);
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static byte[] shortFrame(int n, int expected) throws PixelDataException {
    throw new PixelDataException(Reason.CORRUPT,
        "Deflated frame inflates to " + n + " bytes but the header implies " + expected);
  }
}
