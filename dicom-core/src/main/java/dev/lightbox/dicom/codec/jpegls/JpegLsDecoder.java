package dev.lightbox.dicom.codec.jpegls;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;

/**
 * Decodes one JPEG-LS image (ITU-T T.87 | ISO/IEC 14495-1), lossless or near-lossless: the pixel
 * data of one frame of the DICOM transfer syntaxes 1.2.840.10008.1.2.4.80 and .81 (PS3.5 §A.4.3).
 *
 * <p>Supported: SOF55 with 1 to 4 components of 2 to 16 bits, all interleave modes, LSE preset
 * coding parameters (type 1) and oversize dimensions (type 4), DRI with restart markers, APPn and
 * COM segments (skipped). Rejected with {@link CodecException}: mapping tables (LSE types 2 and 3,
 * or a non-zero table selector in SOS), point transforms, subsampled components and the HP colour
 * transforms signalled in APP8 "mrfx", which DICOM does not allow.
 *
 * <p>Safe on untrusted input: every failure is a {@link CodecException} naming the offset within
 * the stream; dimensions are checked with {@link DecodeLimits} before any image-sized allocation;
 * work is bounded by the image size.
 */
public final class JpegLsDecoder {
  static final String CODEC = "JPEG-LS";

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int DRI = 0xDD;
  private static final int COM = 0xFE;
  private static final int SOF55 = 0xF7;
  private static final int LSE = 0xF8;
  private static final int APP8 = 0xE8;

  private final byte[] data;
  private final int start;
  private final int end;
  private final DecodeLimits limits;
  private int pos;
  private FrameHeader frame;
  private PresetParameters preset = PresetParameters.DEFAULTS;
  private int restartInterval;
  private SampleBuffer samples;
  private boolean[] decoded;
  private final java.util.List<String> warnings = new java.util.ArrayList<>();

  private JpegLsDecoder(byte[] data, int offset, int length, DecodeLimits limits) {
    this.data = data;
    this.start = offset;
    this.end = offset + length;
    this.limits = limits;
    this.pos = offset;
  }

  /**
   * Decodes the JPEG-LS stream in {@code data[offset, offset + length)}.
   *
   * @return pixel-interleaved samples whatever the stream's interleave mode
   * @throws CodecException if the stream is malformed, truncated, uses an unsupported feature or
   *     declares more samples than {@code limits} allow
   */
  public static DecodedImage decode(byte[] data, int offset, int length, DecodeLimits limits)
      throws CodecException {
    if (data == null || limits == null) {
      throw new CodecException(CODEC, 0, "no data or no limits given");
    }
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new CodecException(
          CODEC, 0, "range " + offset + "+" + length + " outside array of " + data.length);
    }
    return new JpegLsDecoder(data, offset, length, limits).decode();
  }

  private DecodedImage decode() throws CodecException {
    if (readMarker() != SOI) {
      throw error(start, "stream does not start with SOI (0xFFD8)");
    }
    while (true) {
      if (pos >= end && frame != null && allDecoded()) {
        break; // tolerate a missing EOI after complete scans
      }
      int markerAt = pos;
      int marker = readMarker();
      if (marker == EOI) {
        break;
      }
      switch (marker) {
        case SOF55 -> readFrameHeader(segment(markerAt));
        case LSE -> readPresetParameters(segment(markerAt));
        case DRI -> readRestartInterval(segment(markerAt));
        case SOS -> readScan(markerAt);
        case COM -> segment(markerAt);
        default -> {
          if (marker >= 0xE0 && marker <= 0xEF) {
            int len = segment(markerAt);
            if (marker == APP8) {
              checkNoColourTransform(markerAt, len);
            }
          } else if (isOtherStartOfFrame(marker)) {
            throw error(markerAt, "SOF marker 0xFF" + hex(marker) + " is not JPEG-LS (SOF55)");
          } else {
            throw error(markerAt, "unexpected marker 0xFF" + hex(marker));
          }
        }
      }
    }
    if (frame == null) {
      throw error(pos, "no SOF55 frame header before EOI");
    }
    for (int i = 0; i < decoded.length; i++) {
      if (!decoded[i]) {
        throw error(pos, "component " + frame.componentIds()[i] + " has no scan before EOI");
      }
    }
    return new DecodedImage(frame.width(), frame.height(), frame.components(), frame.precision(),
        samples.complete(), warnings);
  }

  private boolean allDecoded() {
    if (decoded == null) {
      return false;
    }
    for (boolean d : decoded) {
      if (!d) {
        return false;
      }
    }
    return true;
  }

  private static boolean isOtherStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** Reads a marker, skipping fill bytes 0xFF (T.81 §B.1.1.2, used by T.87). */
  private int readMarker() throws CodecException {
    if (pos >= end) {
      throw error(pos, "stream ends where a marker is expected");
    }
    if (data[pos] != (byte) 0xFF) {
      throw error(pos, "expected a marker, found byte 0x" + hex(data[pos] & 0xFF));
    }
    while (pos < end && data[pos] == (byte) 0xFF) {
      pos++;
    }
    if (pos >= end) {
      throw error(pos, "stream ends inside a marker");
    }
    return data[pos++] & 0xFF;
  }

  /**
   * Reads a segment length at {@code pos}, checks it against the remaining bytes, and leaves
   * {@code pos} after the segment. Returns the payload length (without the length field).
   */
  private int segment(int markerAt) throws CodecException {
    if (end - pos < 2) {
      throw error(pos, "marker segment length truncated");
    }
    int len = u16(pos);
    if (len < 2 || len > end - pos) {
      throw error(
          markerAt,
          "marker segment length " + len + " invalid or exceeds remaining " + (end - pos));
    }
    pos += len;
    return len - 2;
  }

  private int payloadStart(int len) {
    return pos - len;
  }

  private void readFrameHeader(int len) throws CodecException {
    int p = payloadStart(len);
    int at = p - 4;
    if (frame != null) {
      throw error(at, "second SOF55 frame header");
    }
    if (len < 6) {
      throw error(at, "SOF55 segment of " + len + " bytes is shorter than 6");
    }
    int precision = data[p] & 0xFF;
    int height = u16(p + 1);
    int width = u16(p + 3);
    int nf = data[p + 5] & 0xFF;
    if (precision < 2 || precision > 16) {
      throw error(at, "sample precision " + precision + " outside 2..16");
    }
    if (nf < 1 || nf > 4) {
      throw error(at, nf + " components; 1 to 4 are supported");
    }
    if (len != 6 + 3 * nf) {
      throw error(at, "SOF55 length " + len + " does not match " + nf + " components");
    }
    int[] ids = new int[nf];
    for (int i = 0; i < nf; i++) {
      int q = p + 6 + 3 * i;
      ids[i] = data[q] & 0xFF;
      int sampling = data[q + 1] & 0xFF;
      if (sampling != 0x11) {
        throw error(at, "component " + ids[i] + " has sampling factors 0x" + hex(sampling)
            + "; only 1x1 is supported");
      }
      for (int j = 0; j < i; j++) {
        if (ids[j] == ids[i]) {
          throw error(at, "duplicate component identifier " + ids[i]);
        }
      }
    }
    frame = new FrameHeader(precision, width, height, ids);
    decoded = new boolean[nf];
  }

  /** LSE marker segment (T.87 §C.2.4.1). */
  private void readPresetParameters(int len) throws CodecException {
    int p = payloadStart(len);
    int at = p - 4;
    if (len < 1) {
      throw error(at, "empty LSE segment");
    }
    int id = data[p] & 0xFF;
    switch (id) {
      case 1 -> {
        if (len != 11) {
          throw error(at, "LSE preset parameters length " + len + " is not 11");
        }
        preset = new PresetParameters(
            u16(p + 1), u16(p + 3), u16(p + 5), u16(p + 7), u16(p + 9));
      }
      case 2, 3 -> throw error(at, "JPEG-LS mapping tables (LSE type " + id + ") are not supported");
      case 4 -> readOversizeDimensions(p, len, at);
      default -> throw error(at, "unknown LSE parameter type " + id);
    }
  }

  /** LSE type 4 (T.87 §C.2.4.1.4): frame dimensions too large for the 16-bit SOF fields. */
  private void readOversizeDimensions(int p, int len, int at) throws CodecException {
    if (frame == null || samples != null) {
      throw error(at, "LSE oversize dimensions must follow SOF55 and precede the first scan");
    }
    if (len < 2) {
      throw error(at, "LSE oversize dimensions segment too short");
    }
    int wxy = data[p + 1] & 0xFF;
    if (wxy < 2 || wxy > 4 || len != 2 + 2 * wxy) {
      throw error(at, "LSE oversize dimensions with Wxy " + wxy + " and length " + len);
    }
    long height = 0;
    long width = 0;
    for (int i = 0; i < wxy; i++) {
      height = (height << 8) | (data[p + 2 + i] & 0xFF);
      width = (width << 8) | (data[p + 2 + wxy + i] & 0xFF);
    }
    limits.check(CODEC, at - start, width, height, frame.components());
    frame = frame.withDimensions((int) width, (int) height);
  }

  private void readRestartInterval(int len) throws CodecException {
    int p = payloadStart(len);
    if (len != 2) {
      throw error(p - 4, "DRI length " + len + " is not 2");
    }
    restartInterval = u16(p);
  }

  private void readScan(int markerAt) throws CodecException {
    int len = segment(markerAt);
    int p = payloadStart(len);
    if (frame == null) {
      throw error(markerAt, "SOS before SOF55");
    }
    if (len < 1) {
      throw error(markerAt, "empty SOS segment");
    }
    int ns = data[p] & 0xFF;
    if (ns < 1 || ns > frame.components() || len != 4 + 2 * ns) {
      throw error(markerAt, "SOS with " + ns + " components and length " + len + " for a frame of "
          + frame.components() + " components");
    }
    int[] indices = new int[ns];
    for (int i = 0; i < ns; i++) {
      int id = data[p + 1 + 2 * i] & 0xFF;
      int table = data[p + 2 + 2 * i] & 0xFF;
      int index = frame.indexOf(id);
      if (index < 0) {
        throw error(markerAt, "SOS names component " + id + " absent from the frame");
      }
      if (decoded[index]) {
        throw error(markerAt, "component " + id + " coded in more than one scan");
      }
      if (table != 0) {
        throw error(markerAt, "JPEG-LS mapping table " + table + " is not supported");
      }
      decoded[index] = true;
      indices[i] = index;
    }
    int q = p + 1 + 2 * ns;
    int near = data[q] & 0xFF;
    int ilv = data[q + 1] & 0xFF;
    int pointTransform = data[q + 2] & 0xFF;
    if (ilv > 2) {
      throw error(markerAt, "interleave mode " + ilv + " outside 0..2");
    }
    if (ilv == ScanHeader.ILV_NONE && ns != 1) {
      throw error(markerAt, "non-interleaved scan with " + ns + " components");
    }
    if (pointTransform != 0) {
      throw error(markerAt, "point transform " + pointTransform + " is not supported");
    }
    CodingParameters params =
        CodingParameters.resolve(frame.precision(), preset, near, markerAt - start);
    if (samples == null) {
      limits.check(CODEC, markerAt - start, frame.width(), frame.height(), frame.components());
      // Every line starts with a decoding step of at least one bit (T.87 §A.5, §A.7), so a
      // stream shorter than height / 8 bytes cannot be complete: fail before allocating for it.
      // No tighter bound exists (a run-mode bit codes up to 2^15 samples), so the samples grow
      // with the decoded lines instead of being allocated for the declared size.
      long minimumBytes = (frame.height() + 7L) / 8;
      if (end - pos < minimumBytes) {
        throw error(markerAt, "declared height " + frame.height() + " needs at least "
            + minimumBytes + " bytes of scan data, " + (end - pos) + " remain");
      }
      long count = (long) frame.width() * frame.height() * frame.components();
      if (count > Integer.MAX_VALUE - 8) {
        throw error(markerAt, "image of " + count + " samples exceeds the largest Java array");
      }
      samples = new SampleBuffer(frame.width() * frame.components(), (int) count);
    }
    ScanHeader scan = new ScanHeader(indices, near, ilv);
    int scanStart = pos;
    try {
      pos = new ScanDecoder(data, start, end).decode(scanStart, frame, scan, params,
          restartInterval, samples);
    } catch (CodecException standardFailed) {
      if (!CodingParameters.charLs1Differs(frame.precision(), preset)) {
        throw standardFailed;
      }
      pos = decodeWithCharLs1Thresholds(markerAt, scanStart, scan, near, standardFailed);
    }
  }

  /**
   * Second attempt for a scan of MAXVAL &lt; 128 whose standard default thresholds failed: CharLS
   * 1.x encoders (dcmtk's dcmcjpls) use other defaults without signalling them (see {@link
   * CodingParameters#resolveCharLs1}). A scan is accepted only if it decodes and consumes its
   * data completely with them; the tolerance is reported as a warning.
   */
  private int decodeWithCharLs1Thresholds(int markerAt, int scanStart, ScanHeader scan,
      int near, CodecException standardFailed) throws CodecException {
    CodingParameters charLs1 =
        CodingParameters.resolveCharLs1(frame.precision(), preset, near, markerAt - start);
    int next;
    try {
      next = new ScanDecoder(data, start, end).decode(scanStart, frame, scan, charLs1,
          restartInterval, samples);
    } catch (CodecException alsoFailed) {
      standardFailed.addSuppressed(alsoFailed);
      throw standardFailed;
    }
    warnings.add("JPEG-LS scan at stream offset " + (markerAt - start) + " uses the CharLS 1.x "
        + "default thresholds T1=" + charLs1.t1() + " T2=" + charLs1.t2() + " T3=" + charLs1.t3()
        + " instead of ITU-T T.87 C.2.4.1.1.1's for MAXVAL " + charLs1.maxVal() + ", NEAR " + near
        + "; decoded with the encoder's thresholds");
    return next;
  }

  private int u16(int p) {
    return ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
  }

  /**
   * APP8 "mrfx" selects an HP colour transform (an HP extension outside T.87; CharLS writes it).
   * DICOM requires untransformed components (PS3.5 §8.2.3), so a non-zero transform is rejected.
   */
  private void checkNoColourTransform(int markerAt, int len) throws CodecException {
    int p = payloadStart(len);
    if (len >= 5 && data[p] == 'm' && data[p + 1] == 'r' && data[p + 2] == 'f'
        && data[p + 3] == 'x' && data[p + 4] != 0) {
      throw error(markerAt, "HP colour transform " + (data[p + 4] & 0xFF)
          + " (APP8 \"mrfx\") is not allowed in DICOM and not supported");
    }
  }

  private static String hex(int value) {
    return Integer.toHexString(value).toUpperCase(java.util.Locale.ROOT);
  }

  private CodecException error(int at, String message) {
    return new CodecException(CODEC, at - start, message);
  }
}
