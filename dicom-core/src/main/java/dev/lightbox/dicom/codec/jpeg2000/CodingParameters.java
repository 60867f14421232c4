package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The coding parameters in force for a tile: main-header values overridden by the tile's first
 * tile-part header, with the precedence of ISO/IEC 15444-1 §A.6 (tile COC &gt; tile COD &gt; main
 * COC &gt; main COD, and likewise for QCC/QCD).
 */
final class CodingParameters {
  int progressionOrder;
  int layers;
  boolean multipleComponentTransform;
  boolean sopMarkers;
  boolean ephMarkers;
  final CodingStyle[] styles;
  final Quantization[] quantizations;
  final int[] roiShift;
  List<ProgressionChange> progressions = new ArrayList<>();
  private final int[] stylePriority;
  private final int[] quantPriority;

  CodingParameters(int components) {
    styles = new CodingStyle[components];
    quantizations = new Quantization[components];
    roiShift = new int[components];
    stylePriority = new int[components];
    quantPriority = new int[components];
    java.util.Arrays.fill(stylePriority, -1);
    java.util.Arrays.fill(quantPriority, -1);
  }

  CodingParameters copyForTile() {
    CodingParameters t = new CodingParameters(styles.length);
    t.progressionOrder = progressionOrder;
    t.layers = layers;
    t.multipleComponentTransform = multipleComponentTransform;
    t.sopMarkers = sopMarkers;
    t.ephMarkers = ephMarkers;
    System.arraycopy(styles, 0, t.styles, 0, styles.length);
    System.arraycopy(quantizations, 0, t.quantizations, 0, styles.length);
    System.arraycopy(roiShift, 0, t.roiShift, 0, styles.length);
    System.arraycopy(stylePriority, 0, t.stylePriority, 0, styles.length);
    System.arraycopy(quantPriority, 0, t.quantPriority, 0, styles.length);
    t.progressions = new ArrayList<>();
    t.mainProgressions = progressions;
    return t;
  }

  /** POC of the main header, used by a tile without its own POC (§A.6.6). */
  private List<ProgressionChange> mainProgressions = List.of();

  List<ProgressionChange> effectiveProgressions() {
    return progressions.isEmpty() ? mainProgressions : progressions;
  }

  /** COD: Scod, SGcod, SPcod (Table A.12). {@code tile} raises the precedence. */
  void readCod(ByteCursor in, boolean tile) throws CodecException {
    in.within("COD");
    int start = in.position();
    int length = in.u16();
    int scod = in.u8();
    progressionOrder = in.u8();
    layers = in.u16();
    int mct = in.u8();
    if (progressionOrder > 4 || layers == 0 || mct > 1) {
      throw J2kException.at("COD", start, "progression order " + progressionOrder + ", "
          + layers + " layers, MCT " + mct);
    }
    multipleComponentTransform = mct == 1;
    sopMarkers = (scod & 2) != 0;
    ephMarkers = (scod & 4) != 0;
    CodingStyle style = CodingStyle.read(in, (scod & 1) != 0);
    expectEnd(in, start, length);
    int priority = tile ? 2 : 0;
    for (int c = 0; c < styles.length; c++) {
      if (stylePriority[c] <= priority) {
        styles[c] = style;
        stylePriority[c] = priority;
      }
    }
  }

  void readCoc(ByteCursor in, boolean tile) throws CodecException {
    in.within("COC");
    int start = in.position();
    int length = in.u16();
    int c = component(in);
    int scoc = in.u8();
    CodingStyle style = CodingStyle.read(in, (scoc & 1) != 0);
    expectEnd(in, start, length);
    styles[c] = style;
    stylePriority[c] = tile ? 3 : 1;
  }

  void readQcd(ByteCursor in, boolean tile) throws CodecException {
    in.within("QCD");
    int start = in.position();
    int length = in.u16();
    Quantization q = Quantization.read(in, length - 2);
    int priority = tile ? 2 : 0;
    for (int c = 0; c < styles.length; c++) {
      if (quantPriority[c] <= priority) {
        quantizations[c] = q;
        quantPriority[c] = priority;
      }
    }
    expectEnd(in, start, length);
  }

  void readQcc(ByteCursor in, boolean tile) throws CodecException {
    in.within("QCC");
    int start = in.position();
    int length = in.u16();
    int c = component(in);
    int used = in.position() - start;
    quantizations[c] = Quantization.read(in, length - used);
    quantPriority[c] = tile ? 3 : 1;
    expectEnd(in, start, length);
  }

  /** RGN (§A.6.3): only the implicit (maxshift) style 0 exists in Part 1. */
  void readRgn(ByteCursor in) throws CodecException {
    in.within("RGN");
    int start = in.position();
    int length = in.u16();
    int c = component(in);
    int style = in.u8();
    int shift = in.u8();
    if (style != 0 || shift > 37) {
      throw J2kException.at("RGN", start, "ROI style " + style + " shift " + shift);
    }
    roiShift[c] = shift;
    expectEnd(in, start, length);
  }

  void readPoc(ByteCursor in) throws CodecException {
    in.within("POC");
    int start = in.position();
    int length = in.u16();
    int compBytes = styles.length > 256 ? 2 : 1;
    int entry = 5 + 2 * compBytes;
    if ((length - 2) % entry != 0 || length < 2 + entry) {
      throw J2kException.at("POC", start, "length " + length + " is not 2 + n x " + entry);
    }
    for (int i = 0; i < (length - 2) / entry; i++) {
      int rs = in.u8();
      int cs = compBytes == 1 ? in.u8() : in.u16();
      int lye = in.u16();
      int re = in.u8();
      int ce = compBytes == 1 ? in.u8() : in.u16();
      if (ce == 0) {
        ce = compBytes == 1 ? 256 : 16384;
      }
      int order = in.u8();
      if (order > 4) {
        throw J2kException.at("POC", in.position() - 1, "progression order " + order);
      }
      progressions.add(new ProgressionChange(rs, cs, lye, re, Math.min(ce, styles.length),
          order));
    }
  }

  private int component(ByteCursor in) throws CodecException {
    int at = in.position();
    int c = styles.length > 256 ? in.u16() : in.u8();
    if (c >= styles.length) {
      throw J2kException.at(in.marker(), at, "component " + c + " of " + styles.length);
    }
    return c;
  }

  private static void expectEnd(ByteCursor in, int start, int length) throws CodecException {
    if (in.position() - start > length) {
      throw J2kException.at(in.marker(), start, "segment longer than its length " + length);
    }
    in.seek(start + length);
  }

  void requireComplete() throws CodecException {
    for (int c = 0; c < styles.length; c++) {
      if (styles[c] == null || quantizations[c] == null) {
        throw J2kException.at(styles[c] == null ? "COD" : "QCD", 0,
            "no coding style or quantization for component " + c);
      }
    }
  }
}
