package dev.lightbox.dicom.codec.jpeg;

import dev.lightbox.dicom.codec.CodecException;
import dev.lightbox.dicom.codec.DecodeLimits;
import dev.lightbox.dicom.codec.DecodedImage;
import dev.lightbox.dicom.codec.ScratchArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoder for lossless JPEG with Huffman coding (ITU-T T.81 Annex H, process 14, SOF3): the DICOM
 * transfer syntaxes 1.2.840.10008.1.2.4.57 (any predictor) and .70 (selection value 1), PS3.5
 * §A.4.1 and §8.2.1.
 *
 * <p>Supports all seven predictors (T.81 Table H.1), point transform 0..P−1, sample precision 2..16
 * bits, 1..4 components in one interleaved scan or several scans, and restart intervals. Output is
 * the reconstructed samples shifted left by the point transform (T.81 §H.2.1, as libjpeg and dcmtk
 * deliver them), pixel-interleaved. Components must all have the frame's size (no subsampling,
 * which DICOM never uses with lossless JPEG); hierarchical and arithmetic-coded frames are refused.
 *
 * <p>Marker handling and Huffman tables are shared with {@link JpegDctDecoder} ({@link
 * MarkerCursor}, {@link HuffmanTable}, {@link EntropyReader}).
 */
public final class JpegLosslessDecoder {
  private final byte[] data;
  private final int base;
  private final int end;
  private final DecodeLimits limits;
  private final HuffmanTable[] dcTables = new HuffmanTable[4];
  private final HuffmanTable[] acTables = new HuffmanTable[4];
  private final List<String> warnings = new ArrayList<>();
  private final MarkerCursor cursor;
  private int restartInterval;
  private LosslessFrame frame;
  /** Reconstructed samples, interleaved; allocated at the first scan. */
  private int[] samples;

  private JpegLosslessDecoder(byte[] data, int offset, int length, DecodeLimits limits) {
    this.data = data;
    this.base = offset;
    this.end = offset + length;
    this.limits = limits;
    this.cursor = new MarkerCursor(data, offset, offset + length, warnings);
  }

  /**
   * Decodes one lossless JPEG stream (one DICOM frame).
   *
   * @param data array holding the stream
   * @param offset position of the SOI marker
   * @param length bytes of the stream (trailing padding after EOI is ignored)
   * @param limits ceilings checked against the declared frame size before allocating
   * @throws CodecException on an unsupported process or corrupt/truncated data, naming the marker
   *     and the offset relative to {@code offset}
   */
  public static DecodedImage decode(byte[] data, int offset, int length, DecodeLimits limits)
      throws CodecException {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new CodecException(JpegDctDecoder.CODEC, 0,
          "stream range " + offset + "+" + length + " outside array of " + data.length);
    }
    return new JpegLosslessDecoder(data, offset, length, limits).run();
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
        if (sawScan && frame.allScanned()) {
          break; // EOI missing after complete data: tolerated, as libjpeg does
        }
        throw error(cursor.pos - base, sawScan ? "data ended before all components were decoded"
            : frame == null ? "no SOF3 marker before end of data" : "missing SOS marker");
      }
      if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
        continue; // stray RSTn or TEM: no length, nothing to do
      }
      int segmentStart = cursor.pos - 2;
      int length = cursor.segmentLength();
      int body = cursor.pos + 2;
      switch (marker) {
        case 0xC3 -> readFrame(body, length - 2);
        case 0xC4 -> cursor.readHuffmanTables(body, body + length - 2, dcTables, acTables);
        case 0xDD -> restartInterval = cursor.readRestartInterval(body, length - 2);
        case 0xDA -> {
          cursor.pos = readScan(body, length - 2);
          sawScan = true;
          continue;
        }
        case 0xDC -> throw error(segmentStart - base, "DNL marker is not supported");
        default -> {
          if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
              && marker != 0xCC) {
            throw error(segmentStart - base, String.format(
                "SOF%d is not supported by the lossless decoder; only SOF3 (lossless, Huffman,"
                    + " T.81 process 14)", marker - 0xC0));
          }
          // APPn, COM, DQT, DAC, JPG and reserved markers: skipped by their length
        }
      }
      cursor.pos = body + length - 2;
    }
    if (frame == null) {
      throw error(cursor.pos - base, "no SOF3 marker");
    }
    if (!sawScan) {
      throw error(cursor.pos - base, "missing SOS marker");
    }
    for (int c = 0; c < frame.ids.length; c++) {
      if (!frame.scanned[c]) {
        throw error(cursor.pos - base, "component " + frame.ids[c] + " is in no scan");
      }
    }
    return new DecodedImage(frame.width, frame.height, frame.ids.length, frame.precision,
        samples, warnings);
  }

  private void readFrame(int body, int length) throws CodecException {
    if (frame != null) {
      throw error(body - 4 - base, "second SOF marker");
    }
    frame = LosslessFrame.read(data, body, length, base, limits);
  }

  /** SOS (T.81 §B.2.3, §H.1.1 for the meaning of Ss and Al); returns the position after it. */
  private int readScan(int p, int length) throws CodecException {
    if (frame == null) {
      throw error(p - 4 - base, "SOS before SOF3");
    }
    int count = length > 0 ? data[p] & 0xFF : 0;
    if (count < 1 || count > 4 || length != 4 + 2 * count) {
      throw error(p - base, "SOS with " + count + " components has length " + (length + 2));
    }
    if (count > 1 && !frame.unitSampling) {
      throw error(p - base, "interleaved lossless scan of components with sampling factors"
          + " other than 1x1 is not supported");
    }
    int[] components = new int[count];
    HuffmanTable[] tables = new HuffmanTable[count];
    for (int i = 0; i < count; i++) {
      int cp = p + 1 + 2 * i;
      int index = frame.indexOf(data[cp] & 0xFF);
      if (index < 0 || frame.scanned[index]) {
        throw error(cp - base, "scan component " + (data[cp] & 0xFF)
            + (index < 0 ? " is not in the frame" : " was already decoded"));
      }
      for (int j = 0; j < i; j++) {
        if (components[j] == index) {
          throw error(cp - base, "scan lists component " + (data[cp] & 0xFF) + " twice");
        }
      }
      int td = (data[cp + 1] & 0xFF) >> 4;
      if (td > 3 || dcTables[td] == null) {
        throw error(cp + 1 - base, "scan uses undefined Huffman table " + td);
      }
      components[i] = index;
      tables[i] = dcTables[td];
    }
    int q = p + 1 + 2 * count;
    int predictor = data[q] & 0xFF; // Ss: the predictor selection value (T.81 Table H.1)
    int se = data[q + 1] & 0xFF;
    int ah = (data[q + 2] & 0xFF) >> 4;
    int pointTransform = data[q + 2] & 0x0F; // Al (T.81 §H.1.1)
    if (predictor < 1 || predictor > 7) {
      throw error(q - base, "predictor selection value " + predictor + " outside 1..7"
          + (predictor == 0 ? " (0 is only for hierarchical differential frames)" : ""));
    }
    if (pointTransform >= frame.precision) {
      throw error(q + 2 - base, "point transform " + pointTransform + " is not below the sample"
          + " precision " + frame.precision);
    }
    if (se != 0 || ah != 0) {
      warnings.add("JPEG: lossless scan @ stream offset " + (p - base) + " has Se=" + se + " Ah="
          + ah + " instead of 0, 0 (T.81 §B.2.3); ignored, as libjpeg does");
    }
    for (HuffmanTable t : tables) {
      if (t.usesAllOnesCode) {
        warnings.add("JPEG: scan @ stream offset " + (p - base) + " uses a Huffman table with "
            + "the all-ones code T.81 §C reserves; padding bits may decode as data");
        break;
      }
    }
    if (restartInterval % frame.width != 0) {
      // T.81 leaves the predictor reset inside a line open; libijg (dcmtk) refuses such streams
      // ("must be an integer multiple of the number of MCUs in an MCU_row"), and so do we.
      throw error(p - base, "restart interval " + restartInterval + " is not a multiple of the "
          + frame.width + " samples of a line");
    }
    int scanStart = p + length;
    // Every sample takes at least one bit, so a body far too short for the declared size is
    // refused before the sample array is allocated.
    long codes = (long) frame.width * frame.height * count;
    long maxCodes = 8L * (end - scanStart) + EntropyReader.MAX_PADDING_BITS;
    if (codes > maxCodes) {
      throw error(scanStart - base, "scan codes " + codes + " samples but only "
          + (end - scanStart) + " bytes remain");
    }
    if (samples == null) {
      // Pooled: every scan writes every sample of its components (or fails), and a frame
      // with a component no scan covered is refused, so old contents never show through.
      samples = ScratchArrays.SHARED.ints(frame.width * frame.height * frame.ids.length);
    }
    for (int c : components) {
      frame.scanned[c] = true;
    }
    EntropyReader reader = new EntropyReader(data, base, scanStart, end);
    new LosslessScan(frame, components, tables, predictor, pointTransform, restartInterval,
        reader, samples).decode();
    int unread = reader.unreadBytes();
    if (unread > 1) {
      warnings.add("JPEG: " + unread + " bytes of entropy-coded data after the last sample "
          + "before the marker @ stream offset " + (reader.nextMarker() - base)
          + " were not used");
    }
    return reader.nextMarker();
  }

  private static CodecException error(long at, String message) {
    return new CodecException(JpegDctDecoder.CODEC, at, message);
  }
}
