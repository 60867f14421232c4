package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packet order within a tile (ISO/IEC 15444-1 §B.12): the five progression orders of Table A.16,
 * with the position-driven ones (RPCL, PCRL, CPRL) visiting each precinct where its top-left
 * corner, mapped to the reference grid (B.12.1.3), falls in raster order; and POC progressions
 * (§A.6.6), where a packet already read is skipped.
 */
final class Progression {
  private final TileComponent[] comps;
  private final PacketReader reader;
  private final int tx0;
  private final int ty0;
  private final Deadline deadline;

  /** A precinct with its reference-grid position, for the position-driven orders. */
  private record Place(int c, int r, int p, long y, long x) {}

  Progression(TileComponent[] comps, PacketReader reader, int tx0, int ty0, Deadline deadline) {
    this.comps = comps;
    this.reader = reader;
    this.tx0 = tx0;
    this.ty0 = ty0;
    this.deadline = deadline;
  }

  void run(CodingParameters params) throws CodecException {
    List<ProgressionChange> changes = params.effectiveProgressions();
    if (changes.isEmpty()) {
      changes = List.of(new ProgressionChange(0, 0, params.layers, 33, comps.length,
          params.progressionOrder));
    }
    for (ProgressionChange pc : changes) {
      int layers = Math.min(pc.layerEnd(), params.layers);
      int c1 = Math.min(pc.compEnd(), comps.length);
      if (!runOne(pc, layers, c1)) {
        return;
      }
    }
  }

  private boolean runOne(ProgressionChange pc, int layers, int c1) throws CodecException {
    int r0 = pc.resStart();
    int c0 = pc.compStart();
    int r1 = Math.min(pc.resEnd(), 33);
    switch (pc.order()) {
      case 0 -> { // LRCP
        for (int l = 0; l < layers; l++) {
          for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
              if (r >= comps[c].resolutions.length) {
                continue;
              }
              int n = comps[c].resolutions[r].precinctCount();
              for (int p = 0; p < n; p++) {
                if (!packet(l, r, c, p)) {
                  return false;
                }
              }
            }
          }
        }
      }
      case 1 -> { // RLCP
        for (int r = r0; r < r1; r++) {
          for (int l = 0; l < layers; l++) {
            for (int c = c0; c < c1; c++) {
              if (r >= comps[c].resolutions.length) {
                continue;
              }
              int n = comps[c].resolutions[r].precinctCount();
              for (int p = 0; p < n; p++) {
                if (!packet(l, r, c, p)) {
                  return false;
                }
              }
            }
          }
        }
      }
      case 2 -> { // RPCL
        for (int r = r0; r < r1; r++) {
          List<Place> places = places(c0, c1, r, r + 1);
          places.sort(Comparator.comparingLong(Place::y).thenComparingLong(Place::x)
              .thenComparingInt(Place::c));
          if (!layersOf(places, layers)) {
            return false;
          }
        }
      }
      case 3 -> { // PCRL
        List<Place> places = places(c0, c1, r0, r1);
        places.sort(Comparator.comparingLong(Place::y).thenComparingLong(Place::x)
            .thenComparingInt(Place::c).thenComparingInt(Place::r));
        return layersOf(places, layers);
      }
      default -> { // CPRL
        for (int c = c0; c < c1; c++) {
          List<Place> places = places(c, c + 1, r0, r1);
          places.sort(Comparator.comparingLong(Place::y).thenComparingLong(Place::x)
              .thenComparingInt(Place::r));
          if (!layersOf(places, layers)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private boolean layersOf(List<Place> places, int layers) throws CodecException {
    for (Place pl : places) {
      for (int l = 0; l < layers; l++) {
        if (!packet(l, pl.r, pl.c, pl.p)) {
          return false;
        }
      }
    }
    return true;
  }

  private List<Place> places(int c0, int c1, int r0, int r1) {
    List<Place> out = new ArrayList<>();
    for (int c = c0; c < c1; c++) {
      TileComponent tc = comps[c];
      int levels = tc.resolutions.length - 1;
      for (int r = r0; r < Math.min(r1, levels + 1); r++) {
        Resolution res = tc.resolutions[r];
        int scale = levels - r;
        int ppx = res.precinctWidthExp;
        int ppy = res.precinctHeightExp;
        for (int p = 0; p < res.precinctCount(); p++) {
          int px = p % res.precinctsWide;
          int py = p / res.precinctsWide;
          long x = reference(px, res.x0, ppx, scale, tc.dx, tx0);
          long y = reference(py, res.y0, ppy, scale, tc.dy, ty0);
          out.add(new Place(c, r, p, y, x));
        }
      }
    }
    return out;
  }

  /** Where the precinct's first column (row) is met on the reference grid (B.12.1.3). */
  private static long reference(int index, int resOrigin, int pp, int scale, int sub,
      int tileOrigin) {
    if (index == 0 && (resOrigin & ((1 << pp) - 1)) != 0) {
      return tileOrigin;
    }
    long k = (resOrigin >> pp) + (long) index;
    int shift = Math.min(pp + scale, 40);
    return (k << shift) * sub;
  }

  private boolean packet(int l, int r, int c, int p) throws CodecException {
    Precinct pr = comps[c].resolutions[r].precinct(p);
    if (pr.nextLayer != l) {
      return true;
    }
    pr.nextLayer++;
    deadline.check("packet", 0);
    return reader.read(l, r, c, p);
  }
}
