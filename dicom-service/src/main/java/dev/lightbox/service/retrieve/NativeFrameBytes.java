package dev.lightbox.service.retrieve;

import dev.lightbox.dicom.pixel.Frame;
import dev.lightbox.dicom.pixel.ImagePixel;

/**
 * Packs a decoded frame into native pixel data bytes: little endian, Bits Allocated per sample,
 * pixel-interleaved (Planar Configuration 0), as PS3.5 §8.1.1 and PS3.18 Table 8.7.3-4 describe the
 * uncompressed bulk data of a frame.
 */
final class NativeFrameBytes {
  private NativeFrameBytes() {}

  static byte[] pack(Frame frame, ImagePixel image) {
    int bytesPerSample = Math.max(1, image.bitsAllocated() / 8);
    int count = frame.floatingPoint() ? frame.floats().length : frame.samples().length;
    byte[] out = new byte[Math.multiplyExact(count, bytesPerSample)];
    for (int i = 0, at = 0; i < count; i++, at += bytesPerSample) {
      int v = frame.floatingPoint() ? Float.floatToRawIntBits(frame.floats()[i])
          : frame.samples()[i];
      for (int b = 0; b < bytesPerSample; b++) {
        out[at + b] = (byte) (v >>> (8 * b));
      }
    }
    return out;
  }
}
