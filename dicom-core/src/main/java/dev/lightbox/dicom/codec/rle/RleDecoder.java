package dev.lightbox.dicom.codec.rle;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import java.util.Arrays;

/**
 * Decoder for one frame of DICOM RLE Lossless (transfer syntax 1.2.840.10008.1.2.5, PS3.5 Annex
 * G).
 *
 * <p>A frame is a 64-byte header (segment count and up to 15 segment offsets, PS3.5 §G.5) followed
 * by one PackBits-style segment per byte plane (PS3.5 §G.3.1). Segments are ordered component by
 * component and, within a component, most significant byte first (PS3.5 §G.2). The decoder
 * reassembles the planes into pixel-interleaved unsigned samples.
 *
 * <p>Samples of 32 bits are returned as their raw bit pattern: a value at or above 2^31 appears
 * negative in the {@code int[]} and must be read with {@link Integer#toUnsignedLong(int)}.
 */
public final class RleDecoder {
  static final String CODEC = "RLE";
  private static final int HEADER_LENGTH = 64;

  private RleDecoder() {}

  /**
   * Decodes one RLE frame.
   *
   * @param frame bytes holding the frame (its concatenated fragments)
   * @param offset start of the frame's RLE header within {@code frame}
   * @param length number of bytes of the frame
   * @param rows Rows (0028,0010)
   * @param columns Columns (0028,0011)
   * @param samplesPerPixel Samples per Pixel (0028,0002), 1 or 3
   * @param bitsAllocated Bits Allocated (0028,0100), 8, 16 or 32
   * @param limits ceilings checked before the output is allocated
   * @throws CodecException if the header is inconsistent with the image description or a segment
   *     is truncated; the offset is relative to {@code offset}
   */
  public static DecodedImage decode(
      byte[] frame,
      int offset,
      int length,
      int rows,
      int columns,
      int samplesPerPixel,
      int bitsAllocated,
      DecodeLimits limits)
      throws CodecException {
    if (offset < 0 || length < 0 || offset > frame.length - length) {
      throw new CodecException(
          CODEC, 0, "frame range " + offset + "+" + length + " outside array of " + frame.length);
    }
    if (samplesPerPixel != 1 && samplesPerPixel != 3) {
      throw new CodecException(CODEC, 0, "unsupported samples per pixel " + samplesPerPixel);
    }
    if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
      throw new CodecException(CODEC, 0, "unsupported bits allocated " + bitsAllocated);
    }
    limits.check(CODEC, 0, columns, rows, samplesPerPixel);
    int bytesPerSample = bitsAllocated / 8;
    int[] segmentStarts = readHeader(frame, offset, length, samplesPerPixel * bytesPerSample);
    int pixels = rows * columns;
    checkSegmentsCanFill(segmentStarts, length, pixels);

    int[] samples = new int[pixels * samplesPerPixel];
    byte[] plane = new byte[pixels];
    for (int segment = 0; segment < segmentStarts.length; segment++) {
      int start = segmentStarts[segment];
      int end = segment + 1 < segmentStarts.length ? segmentStarts[segment + 1] : length;
      unpackSegment(frame, offset + start, offset + end, plane, offset);
      int component = segment / bytesPerSample;
      int shift = 8 * (bytesPerSample - 1 - segment % bytesPerSample);
      mergePlane(plane, samples, component, samplesPerPixel, shift);
    }
    return new DecodedImage(columns, rows, samplesPerPixel, bitsAllocated, samples);
  }

  /**
   * Refuses, before the image is allocated, segments too short to fill a plane: a PackBits
   * replicate run (PS3.5 §G.3.1) is two bytes for at most 128 output bytes, so a segment of a
   * plane of {@code pixels} bytes holds at least 2·⌈pixels/128⌉ bytes. Without this a 662-byte
   * frame declaring 16384×8192 made the decoder allocate 640 MB before failing.
   */
  private static void checkSegmentsCanFill(int[] starts, int length, int pixels)
      throws CodecException {
    long minimum = 2L * ((pixels + 127L) / 128);
    for (int i = 0; i < starts.length; i++) {
      int end = i + 1 < starts.length ? starts[i + 1] : length;
      long size = end - starts[i];
      if (size < minimum) {
        throw new CodecException(CODEC, 4 + 4L * i, "segment " + (i + 1) + " of " + size
            + " bytes cannot fill a plane of " + pixels + " bytes (PackBits needs at least "
            + minimum + ")");
      }
    }
  }

  /** Reads and validates the RLE header (PS3.5 §G.5); returns segment offsets relative to it. */
  private static int[] readHeader(byte[] frame, int offset, int length, int expectedSegments)
      throws CodecException {
    if (length < HEADER_LENGTH) {
      throw new CodecException(
          CODEC, 0, "frame of " + length + " bytes is shorter than the 64-byte RLE header");
    }
    long count = readUint32(frame, offset);
    if (count != expectedSegments) {
      throw new CodecException(
          CODEC,
          0,
          "header declares " + count + " segments but the image needs " + expectedSegments);
    }
    int[] starts = new int[expectedSegments];
    long previous = HEADER_LENGTH - 1;
    for (int i = 0; i < expectedSegments; i++) {
      long start = readUint32(frame, offset + 4 + 4 * i);
      if (i == 0 && start != HEADER_LENGTH) {
        throw new CodecException(CODEC, 4, "first segment offset " + start + " is not 64");
      }
      if (start <= previous || start >= length) {
        throw new CodecException(
            CODEC,
            4 + 4 * i,
            "segment " + (i + 1) + " offset " + start + " is not increasing within the frame of "
                + length + " bytes (previous " + previous + ")");
      }
      starts[i] = (int) start;
      previous = start;
    }
    return starts;
  }

  /**
   * Expands one PackBits segment (PS3.5 §G.3.1) into {@code plane}. Output beyond the plane is
   * ignored (PS3.5 §G.3.2 padding, and encoders that pad runs); a segment that ends early is an
   * error.
   */
  private static void unpackSegment(byte[] in, int pos, int end, byte[] plane, int frameOffset)
      throws CodecException {
    int out = 0;
    int size = plane.length;
    while (out < size) {
      if (pos >= end) {
        throw new CodecException(
            CODEC,
            pos - frameOffset,
            "segment ended after " + out + " of " + size + " bytes");
      }
      int header = in[pos++];
      if (header >= 0) {
        int count = header + 1;
        if (count > end - pos) {
          throw new CodecException(
              CODEC,
              pos - frameOffset,
              "literal run of " + count + " bytes exceeds the " + (end - pos)
                  + " left in the segment");
        }
        int copied = Math.min(count, size - out);
        System.arraycopy(in, pos, plane, out, copied);
        out += copied;
        pos += count;
      } else if (header != -128) {
        if (pos >= end) {
          throw new CodecException(CODEC, pos - frameOffset, "replicate run without its byte");
        }
        int count = Math.min(1 - header, size - out);
        Arrays.fill(plane, out, out + count, in[pos++]);
        out += count;
      }
    }
  }

  private static void mergePlane(
      byte[] plane, int[] samples, int component, int samplesPerPixel, int shift) {
    if (shift == 0 && samplesPerPixel == 1) {
      for (int i = 0; i < plane.length; i++) {
        samples[i] |= plane[i] & 0xFF;
      }
      return;
    }
    for (int i = 0, j = component; i < plane.length; i++, j += samplesPerPixel) {
      samples[j] |= (plane[i] & 0xFF) << shift;
    }
  }

  private static long readUint32(byte[] b, int pos) {
    return (b[pos] & 0xFFL)
        | (b[pos + 1] & 0xFFL) << 8
        | (b[pos + 2] & 0xFFL) << 16
        | (b[pos + 3] & 0xFFL) << 24;
  }
}
