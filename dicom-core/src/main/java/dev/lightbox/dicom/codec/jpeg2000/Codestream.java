package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.codec.CodecException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed codestream (ISO/IEC 15444-1 Annex A): the main header and, per tile, its coding
 * parameters, the concatenated bodies of its tile-parts and the packet headers carried apart in
 * PPM or PPT marker segments. Bit streams are not decoded here.
 */
final class Codestream {
  static final int SOC = 0xFF4F;
  static final int CAP = 0xFF50;
  static final int SIZ = 0xFF51;
  static final int COD = 0xFF52;
  static final int COC = 0xFF53;
  static final int TLM = 0xFF55;
  static final int PLM = 0xFF57;
  static final int PLT = 0xFF58;
  static final int CPF = 0xFF59;
  static final int QCD = 0xFF5C;
  static final int QCC = 0xFF5D;
  static final int RGN = 0xFF5E;
  static final int POC = 0xFF5F;
  static final int PPM = 0xFF60;
  static final int PPT = 0xFF61;
  static final int CRG = 0xFF63;
  static final int COM = 0xFF64;
  static final int SOT = 0xFF90;
  static final int SOD = 0xFF93;
  static final int EOC = 0xFFD9;

  /** One tile: parameters, packet data (offsets relative to {@link #data}) and headers. */
  static final class Tile {
    final int index;
    final CodingParameters params;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Packet headers from PPM/PPT, or null when they are in the body. */
    ByteArrayOutputStream headers;
    /** Offset in the codestream of the tile's first SOT, for error messages. */
    final int firstOffset;
    int parts;

    Tile(int index, CodingParameters params, int firstOffset) {
      this.index = index;
      this.params = params;
      this.firstOffset = firstOffset;
    }
  }

  final ImageSize size;
  final CodingParameters main;
  final Tile[] tiles;

  private Codestream(ImageSize size, CodingParameters main, Tile[] tiles) {
    this.size = size;
    this.main = main;
    this.tiles = tiles;
  }

  static Codestream parse(byte[] data, int offset, int length, Jpeg2000Limits limits)
      throws CodecException {
    ByteCursor in = new ByteCursor(data, offset, length);
    in.within("SOC");
    if (in.u16() != SOC) {
      throw J2kException.at("SOC", offset, "codestream does not start with SOC (FF4F)");
    }
    in.within("SIZ");
    int at = in.position();
    if (in.u16() != SIZ) {
      throw J2kException.at("SIZ", at, "SIZ (FF51) must follow SOC");
    }
    ImageSize size = ImageSize.read(in);
    limits.checkImage(size, at);
    CodingParameters main = new CodingParameters(size.components().length);
    ByteArrayOutputStream ppm = null;
    while (true) {
      at = in.position();
      in.within("main header");
      int marker = in.u16();
      if (marker == SOT) {
        in.seek(at);
        break;
      }
      switch (marker) {
        case COD -> main.readCod(in, false);
        case COC -> main.readCoc(in, false);
        case QCD -> main.readQcd(in, false);
        case QCC -> main.readQcc(in, false);
        case RGN -> main.readRgn(in);
        case POC -> main.readPoc(in);
        case PPM -> {
          if (ppm == null) {
            ppm = new ByteArrayOutputStream();
          }
          readPacked(in, "PPM", ppm);
        }
        default -> skipSegment(in, marker, at);
      }
    }
    main.requireComplete();
    int tileCount = size.tilesX() * size.tilesY();
    Tile[] tiles = new Tile[tileCount];
    PpmSplitter ppmParts = ppm == null ? null : new PpmSplitter(ppm.toByteArray());
    readTileParts(in, size, main, tiles, ppmParts, limits);
    return new Codestream(size, main, tiles);
  }

  private static void readTileParts(ByteCursor in, ImageSize size, CodingParameters main,
      Tile[] tiles, PpmSplitter ppm, Jpeg2000Limits limits) throws CodecException {
    while (in.remaining() >= 2) {
      int sot = in.position();
      in.within("SOT");
      int marker = in.u16();
      if (marker == EOC) {
        return;
      }
      if (marker != SOT) {
        throw J2kException.at("SOT", sot, String.format("expected SOT or EOC, found %04X",
            marker));
      }
      int lsot = in.u16();
      int index = in.u16();
      long psot = in.u32();
      int part = in.u8();
      in.u8();
      if (lsot != 10 || index >= tiles.length) {
        throw J2kException.at("SOT", sot, "Lsot " + lsot + ", tile " + index + " of "
            + tiles.length);
      }
      int end = psot == 0 ? in.end() : (int) Math.min((long) sot + psot, in.end());
      if (psot != 0 && psot < 14) {
        throw J2kException.at("SOT", sot, "Psot " + psot + " shorter than SOT + SOD");
      }
      Tile tile = tiles[index];
      boolean first = tile == null;
      if (first) {
        tile = new Tile(index, main.copyForTile(), sot);
        tiles[index] = tile;
      }
      if (++tile.parts > limits.maxTileParts()) {
        throw J2kException.at("SOT", sot, "more than " + limits.maxTileParts()
            + " tile-parts for tile " + index);
      }
      readTilePartHeader(in, tile, first, end);
      int body = in.position();
      tile.body.write(in.data, body, end - body);
      if (ppm != null) {
        if (tile.headers == null) {
          tile.headers = new ByteArrayOutputStream();
        }
        ppm.next(tile.headers, sot);
      }
      in.seek(end);
    }
  }

  private static void readTilePartHeader(ByteCursor in, Tile tile, boolean first, int end)
      throws CodecException {
    CodingParameters p = tile.params;
    while (true) {
      int at = in.position();
      if (at + 2 > end) {
        throw J2kException.at("SOD", at, "tile-part header of tile " + tile.index
            + " ends without SOD");
      }
      in.within("tile-part header");
      int marker = in.u16();
      if (marker == SOD) {
        if (first) {
          p.requireComplete();
        }
        return;
      }
      boolean onlyFirst = marker == COD || marker == COC || marker == QCD || marker == QCC
          || marker == RGN;
      if (onlyFirst && !first) {
        throw J2kException.at(String.format("%04X", marker), at,
            "allowed only in the first tile-part of tile " + tile.index);
      }
      switch (marker) {
        case COD -> p.readCod(in, true);
        case COC -> p.readCoc(in, true);
        case QCD -> p.readQcd(in, true);
        case QCC -> p.readQcc(in, true);
        case RGN -> p.readRgn(in);
        case POC -> p.readPoc(in);
        case PPT -> {
          if (tile.headers == null) {
            tile.headers = new ByteArrayOutputStream();
          }
          in.within("PPT");
          int start = in.position();
          int length = in.u16();
          if (length < 3) {
            throw J2kException.at("PPT", start, "length " + length);
          }
          in.u8();
          int n = length - 3;
          in.skip(n);
          tile.headers.write(in.data, in.position() - n, n);
        }
        default -> skipSegment(in, marker, at);
      }
    }
  }

  /** PPM body (Zppm dropped) appended to {@code out}; Nppm splitting is done later. */
  private static void readPacked(ByteCursor in, String name, ByteArrayOutputStream out)
      throws CodecException {
    in.within(name);
    int start = in.position();
    int length = in.u16();
    if (length < 3) {
      throw J2kException.at(name, start, "length " + length);
    }
    in.u8();
    int n = length - 3;
    in.skip(n);
    out.write(in.data, in.position() - n, n);
  }

  private static void skipSegment(ByteCursor in, int marker, int at) throws CodecException {
    if ((marker & 0xFF00) != 0xFF00 || marker < 0xFF30) {
      throw J2kException.at(String.format("%04X", marker), at, "not a marker");
    }
    if (marker <= 0xFF3F) {
      return;
    }
    in.within(String.format("%04X", marker));
    int length = in.u16();
    if (length < 2) {
      throw J2kException.at(String.format("%04X", marker), at, "segment length " + length);
    }
    in.skip(length - 2);
  }

  /** Splits the concatenated PPM data into the Nppm/Ippm run of each tile-part in order. */
  private static final class PpmSplitter {
    private final byte[] data;
    private int pos;

    PpmSplitter(byte[] data) {
      this.data = data;
    }

    void next(ByteArrayOutputStream out, int sot) throws CodecException {
      if (pos + 4 > data.length) {
        throw J2kException.at("PPM", sot, "no packet headers left for the tile-part");
      }
      long n = (long) (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16
          | (data[pos + 2] & 0xFF) << 8 | (data[pos + 3] & 0xFF);
      pos += 4;
      if (n > data.length - pos) {
        throw J2kException.at("PPM", sot, "Nppm " + n + " exceeds the " + (data.length - pos)
            + " bytes left");
      }
      out.write(data, pos, (int) n);
      pos += (int) n;
    }
  }

  static List<Tile> presentTiles(Codestream cs) {
    List<Tile> list = new ArrayList<>();
    for (Tile t : cs.tiles) {
      if (t != null) {
        list.add(t);
      }
    }
    return list;
  }
}
