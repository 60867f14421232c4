package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;

/**
 * Decoder for sequential DCT JPEG with Huffman coding (ITU-T T.81): baseline (SOF0, 8-bit) and
 * extended (SOF1, 8- or 12-bit), the DICOM transfer syntaxes 1.2.840.10008.1.2.4.50 and .51
 * (PS3.5 §A.4.1, §8.2.1).
 *
 * <p>Supports one or three components with any sampling factors, restart intervals, several scans
 * (non-interleaved components), 8- and 16-bit quantisation tables, byte stuffing and fill bytes.
 * Output is the component samples after upsampling (as IJG libjpeg does by default, see {@link
 * Upsampler}) and without colour conversion. Progressive, lossless, hierarchical and arithmetic
 * frames are rejected with a {@link CodecException} naming the SOF marker.
 */
public final class JpegDctDecoder {
  static final String CODEC = "JPEG";

  private final byte[] data;
  private final int base;
  private final int end;
  private final DecodeLimits limits;
  private final HuffmanTable[] dcTables = new HuffmanTable[4];
  private final HuffmanTable[] acTables = new HuffmanTable[4];
  private final int[][] quantTables = new int[4][];
  private int restartInterval;
  private JpegFrame frame;
  private InverseDct idct;
  /** Tolerated deviations, reported with the image (libjpeg warns about the same ones). */
  private final java.util.List<String> warnings = new java.util.ArrayList<>();
  private final MarkerCursor cursor;

  private JpegDctDecoder(byte[] data, int offset, int length, DecodeLimits limits) {
    this.data = data;
    this.base = offset;
    this.end = offset + length;
    this.limits = limits;
    this.cursor = new MarkerCursor(data, offset, offset + length, warnings);
  }

  /**
   * Decodes one JPEG stream (one DICOM frame).
   *
   * @param data array holding the stream
   * @param offset position of the SOI marker
   * @param length bytes of the stream (trailing padding after EOI is ignored)
   * @param limits ceilings checked against the declared frame size before allocating
   * @throws CodecException on an unsupported process or corrupt/truncated data; its offset is
   *     relative to {@code offset}
   */
  public static DecodedImage decode(byte[] data, int offset, int length, DecodeLimits limits)
      throws CodecException {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new CodecException(
          CODEC, 0, "stream range " + offset + "+" + length + " outside array of " + data.length);
    }
    return new JpegDctDecoder(data, offset, length, limits).run();
  }

  private DecodedImage run() throws CodecException {
    if (!cursor.readSoi()) {
      throw error(0, "missing SOI marker");
    }
    boolean sawScan = false;
    while (true) {
      int marker = cursor.nextMarker();
      if (marker == 0xD9) {
        break; // EOI
      }
      if (marker < 0) {
        if (sawScan && allScanned()) {
          break; // EOI missing after complete data: tolerated
        }
        throw error(cursor.pos - base, sawScan ? "data ended before all components were decoded"
            : frame == null ? "no SOF marker before end of data" : "missing SOS marker");
      }
      if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
        continue; // stray RSTn or TEM: no length, nothing to do
      }
      int segmentStart = cursor.pos;
      int length = cursor.segmentLength();
      int body = cursor.pos + 2;
      switch (marker) {
        case 0xC0, 0xC1 -> readFrame(body, length - 2, marker - 0xC0);
        case 0xC4 -> cursor.readHuffmanTables(body, body + length - 2, dcTables, acTables);
        case 0xDB -> readQuantTables(body, body + length - 2);
        case 0xDD -> restartInterval = cursor.readRestartInterval(body, length - 2);
        case 0xDA -> {
          cursor.pos = readScan(body, length - 2);
          sawScan = true;
          continue;
        }
        case 0xDC -> throw error(segmentStart - 2 - base, "DNL marker is not supported");
        default -> {
          if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
              && marker != 0xCC) {
            throw error(segmentStart - 2 - base, String.format(
                "SOF%d (%s) is not supported; only SOF0 baseline and SOF1 extended sequential",
                marker - 0xC0, processName(marker)));
          }
          // APPn, COM, DAC, JPG and reserved markers: skipped by their length
        }
      }
      cursor.pos = body + length - 2;
    }
    if (frame == null) {
      throw error(cursor.pos - base, "no SOF marker");
    }
    if (!sawScan) {
      throw error(cursor.pos - base, "missing SOS marker");
    }
    for (JpegComponent c : frame.components) {
      if (!c.scanned) {
        throw error(cursor.pos - base, "component " + c.id + " is in no scan");
      }
    }
    return new DecodedImage(frame.width, frame.height, frame.components.length, frame.precision,
        Upsampler.interleave(frame), warnings);
  }

  private boolean allScanned() {
    for (JpegComponent c : frame.components) {
      if (!c.scanned) {
        return false;
      }
    }
    return true;
  }

  private void readFrame(int body, int length, int sof) throws CodecException {
    if (frame != null) {
      throw error(body - 4 - base, "second SOF marker");
    }
    frame = JpegFrame.read(data, body, length, base, sof, limits);
    idct = new InverseDct(frame.precision);
  }

  /** DQT (T.81 §B.2.4.1): 8-bit (Pq=0) or 16-bit (Pq=1) tables, zig-zag order. */
  private void readQuantTables(int p, int segmentEnd) throws CodecException {
    while (p < segmentEnd) {
      int pq = (data[p] & 0xFF) >> 4;
      int tq = data[p] & 0x0F;
      int size = pq == 0 ? 64 : 128;
      if (pq > 1 || tq > 3) {
        throw error(p - base, "DQT precision " + pq + " / destination " + tq + " out of range");
      }
      if (segmentEnd - p - 1 < size) {
        throw error(p - base, "DQT table needs " + size + " bytes, " + (segmentEnd - p - 1)
            + " remain");
      }
      int[] table = new int[64];
      for (int k = 0; k < 64; k++) {
        int q = pq == 0 ? data[p + 1 + k] & 0xFF
            : (data[p + 1 + 2 * k] & 0xFF) << 8 | (data[p + 2 + 2 * k] & 0xFF);
        table[ScanDecoder.ZIGZAG[k]] = q;
      }
      quantTables[tq] = table;
      p += 1 + size;
    }
  }

  /** SOS (T.81 §B.2.3) and its entropy-coded data; returns the position after the scan. */
  private int readScan(int p, int length) throws CodecException {
    if (frame == null) {
      throw error(p - 4 - base, "SOS before SOF");
    }
    int count = length > 0 ? data[p] & 0xFF : 0;
    if (count < 1 || count > 4 || length != 4 + 2 * count) {
      throw error(p - base, "SOS with " + count + " components has length " + (length + 2));
    }
    JpegComponent[] scan = new JpegComponent[count];
    HuffmanTable[] dc = new HuffmanTable[count];
    HuffmanTable[] ac = new HuffmanTable[count];
    int[][] quant = new int[count][];
    int blocksPerMcu = 0;
    for (int i = 0; i < count; i++) {
      int cp = p + 1 + 2 * i;
      JpegComponent c = frame.component(data[cp] & 0xFF);
      if (c == null || c.scanned) {
        throw error(cp - base, "scan component " + (data[cp] & 0xFF)
            + (c == null ? " is not in the frame" : " was already decoded"));
      }
      int td = (data[cp + 1] & 0xFF) >> 4;
      int ta = data[cp + 1] & 0x0F;
      if (td > 3 || ta > 3 || dcTables[td] == null || acTables[ta] == null) {
        throw error(cp + 1 - base, "scan uses undefined Huffman table DC" + td + "/AC" + ta);
      }
      if (quantTables[c.quantTable] == null) {
        throw error(cp - base, "component " + c.id + " uses undefined quantisation table "
            + c.quantTable);
      }
      scan[i] = c;
      dc[i] = dcTables[td];
      ac[i] = acTables[ta];
      quant[i] = quantTables[c.quantTable].clone();
      blocksPerMcu += c.h * c.v;
    }
    if (count > 1 && blocksPerMcu > 10) {
      throw error(p - base, "MCU of " + blocksPerMcu + " blocks exceeds 10 (T.81 §B.2.3)");
    }
    // Ss, Se, Ah and Al (bytes p+1+2·Ns ..) must be 0, 63, 0, 0 in a sequential scan (T.81
    // §B.2.3), but files with zeros there exist (the corpus's JPEG-lossy.dcm). Like IJG libjpeg
    // (JWRN_NOT_SEQUENTIAL) we decode the scan as sequential, which is what dcmtk shows, and
    // report it rather than pass it silently.
    int q = p + 1 + 2 * count;
    int ss = data[q] & 0xFF;
    int se = data[q + 1] & 0xFF;
    int ah = (data[q + 2] & 0xFF) >> 4;
    int al = data[q + 2] & 0x0F;
    if (ss != 0 || se != 63 || ah != 0 || al != 0) {
      warnings.add("JPEG: sequential scan @ stream offset " + (p - base) + " has Ss=" + ss
          + " Se=" + se + " Ah=" + ah + " Al=" + al + " instead of 0, 63, 0, 0 (T.81 §B.2.3); "
          + "decoded as sequential, as libjpeg does");
    }
    for (int i = 0; i < count; i++) {
      if (dc[i].usesAllOnesCode || ac[i].usesAllOnesCode) {
        warnings.add("JPEG: scan @ stream offset " + (p - base) + " uses a Huffman table with "
            + "the all-ones code T.81 §C reserves; padding bits may decode as data");
        break;
      }
    }
    int scanStart = p + length;
    // Each block takes at least two bits (DC and EOB codes), so a body that is far too short
    // for the declared size is rejected before the planes are allocated.
    long blocks = ScanDecoder.blockCount(frame, scan);
    long maxBlocks = 4L * (end - scanStart) + EntropyReader.MAX_PADDING_BITS;
    if (blocks > maxBlocks) {
      throw error(scanStart - base, "scan codes " + blocks + " blocks but only "
          + (end - scanStart) + " bytes remain");
    }
    for (JpegComponent c : scan) {
      c.plane = new short[c.stride * c.rows];
      c.scanned = true;
    }
    EntropyReader reader = new EntropyReader(data, base, scanStart, end);
    new ScanDecoder(frame, scan, dc, ac, quant, restartInterval, reader, idct).decode();
    int unread = reader.unreadBytes();
    if (unread > 1) {
      // libjpeg: JWRN_EXTRANEOUS_DATA. The blocks used less data than the scan holds, so the
      // stream and the decoded image may disagree: reported with the image.
      warnings.add("JPEG: " + unread + " bytes of entropy-coded data after the last block "
          + "before the marker @ stream offset " + (reader.nextMarker() - base)
          + " were not used");
    }
    return reader.nextMarker();
  }

  private static String processName(int marker) {
    return switch (marker) {
      case 0xC2 -> "progressive DCT, Huffman";
      case 0xC3 -> "lossless, Huffman";
      case 0xC5, 0xC6, 0xC7 -> "hierarchical, Huffman";
      case 0xC9 -> "extended sequential DCT, arithmetic";
      case 0xCA -> "progressive DCT, arithmetic";
      case 0xCB -> "lossless, arithmetic";
      default -> "hierarchical, arithmetic";
    };
  }

  private CodecException error(long at, String message) {
    return new CodecException(CODEC, at, message);
  }
}
