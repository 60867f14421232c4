package dev.lightbox.bench.reader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes synthetic explicit VR little endian Part 10 files for the reader benchmarks: a CT-like
 * header (about 60 attributes and a nested sequence) followed by native 16-bit pixel data of any
 * number of 512×512 frames, streamed to disk so a 200 MB file never sits in memory.
 */
public final class SyntheticDicom {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private SyntheticDicom() {}

  /** A file with {@code frames} 512×512 16-bit frames; returns its size in bytes. */
  public static long writeImage(Path file, int frames) throws IOException {
    SyntheticDicom d = new SyntheticDicom();
    d.preambleAndMeta();
    d.header(frames);
    long pixelBytes = 512L * 512 * 2 * frames;
    d.tag(0x7FE00010).vr("OW").u16(0).u32(pixelBytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(d.out.toByteArray()));
      ByteBuffer frame = ByteBuffer.allocate(512 * 512 * 2);
      for (int i = 0; i < frame.capacity(); i += 2) {
        frame.put(i, (byte) (i * 7));
        frame.put(i + 1, (byte) ((i >> 9) & 0x0F));
      }
      for (int f = 0; f < frames; f++) {
        frame.rewind();
        while (frame.hasRemaining()) {
          ch.write(frame);
        }
      }
      return ch.size();
    }
  }

  /**
   * An in-memory dataset of many small attributes: {@code groups} repetitions of a nested
   * sequence item with strings, numbers and a private block (element-parsing throughput).
   */
  static byte[] elementRich(int items) {
    SyntheticDicom d = new SyntheticDicom();
    d.preambleAndMeta();
    d.header(1);
    SyntheticDicom item = new SyntheticDicom();
    item.str(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
        .str(0x00081155, "UI", "1.2.826.0.1.3680043.2.1143.999.1.2.3")
        .str(0x00100010, "PN", "Doe^John^Middle^^")
        .str(0x00200032, "DS", "-125.5\\-130.25\\77.5")
        .str(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
        .us(0x00280010, 512).us(0x00280011, 512);
    byte[] itemBytes = item.out.toByteArray();
    d.tag(0x00081140).vr("SQ").u16(0).u32(0xFFFFFFFFL);
    for (int i = 0; i < items; i++) {
      d.tag(0xFFFEE000).u32(itemBytes.length);
      d.out.write(itemBytes, 0, itemBytes.length);
    }
    d.tag(0xFFFEE0DD).u32(0);
    return d.out.toByteArray();
  }

  private void preambleAndMeta() {
    out.write(new byte[128], 0, 128);
    out.write('D');
    out.write('I');
    out.write('C');
    out.write('M');
    SyntheticDicom meta = new SyntheticDicom();
    meta.tag(0x00020001).vr("OB").u16(0).u32(2).u16(0x0100);
    meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2")
        .str(0x00020003, "UI", "1.2.826.0.1.3680043.2.1143.1")
        .str(0x00020010, "UI", "1.2.840.10008.1.2.1");
    byte[] m = meta.out.toByteArray();
    tag(0x00020000).vr("UL").u16(4).u32(m.length);
    out.write(m, 0, m.length);
  }

  private void header(int frames) {
    str(0x00080005, "CS", "ISO_IR 100")
        .str(0x00080008, "CS", "ORIGINAL\\PRIMARY\\AXIAL")
        .str(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
        .str(0x00080018, "UI", "1.2.826.0.1.3680043.2.1143.1")
        .str(0x00080020, "DA", "20240131").str(0x00080030, "TM", "120000")
        .str(0x00080050, "SH", "ACC123").str(0x00080060, "CS", "CT")
        .str(0x00080070, "LO", "Lightbox Benchmarks").str(0x00080080, "LO", "General Hospital")
        .str(0x00080090, "PN", "Referring^Doctor").str(0x00081030, "LO", "CT CHEST W/O")
        .str(0x0008103E, "LO", "AXIAL 5mm");
    tag(0x00081140).vr("SQ").u16(0).u32(0xFFFFFFFFL);
    for (int i = 0; i < 3; i++) {
      tag(0xFFFEE000).u32(0xFFFFFFFFL);
      str(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
          .str(0x00081155, "UI", "1.2.826.0.1.3680043.2.1143.2." + i);
      tag(0xFFFEE00D).u32(0);
    }
    tag(0xFFFEE0DD).u32(0);
    str(0x00100010, "PN", "Doe^Jane").str(0x00100020, "LO", "PID-0001")
        .str(0x00100030, "DA", "19700101").str(0x00100040, "CS", "F")
        .str(0x00180050, "DS", "5.0").str(0x00180060, "DS", "120")
        .str(0x00181151, "IS", "200").str(0x00185100, "CS", "HFS")
        .str(0x0020000D, "UI", "1.2.826.0.1.3680043.2.1143.3")
        .str(0x0020000E, "UI", "1.2.826.0.1.3680043.2.1143.4")
        .str(0x00200013, "IS", "1").str(0x00200032, "DS", "-250\\-250\\100")
        .str(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
        .str(0x00201041, "DS", "100.0")
        .us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
        .str(0x00280008, "IS", Integer.toString(frames))
        .us(0x00280010, 512).us(0x00280011, 512)
        .str(0x00280030, "DS", "0.9765625\\0.9765625")
        .us(0x00280100, 16).us(0x00280101, 12).us(0x00280102, 11).us(0x00280103, 0)
        .str(0x00281050, "DS", "40").str(0x00281051, "DS", "400")
        .str(0x00281052, "DS", "-1024").str(0x00281053, "DS", "1");
  }

  private SyntheticDicom str(int tag, String vr, String value) {
    byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
    int len = b.length + (b.length & 1);
    tag(tag).vr(vr).u16(len);
    out.write(b, 0, b.length);
    if ((b.length & 1) == 1) {
      out.write(vr.equals("UI") ? 0 : ' ');
    }
    return this;
  }

  private SyntheticDicom us(int tag, int value) {
    return tag(tag).vr("US").u16(2).u16(value);
  }

  private SyntheticDicom tag(int tag) {
    return u16(tag >>> 16).u16(tag & 0xFFFF);
  }

  private SyntheticDicom vr(String vr) {
    out.write(vr.charAt(0));
    out.write(vr.charAt(1));
    return this;
  }

  private SyntheticDicom u16(int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
    return this;
  }

  private SyntheticDicom u32(long v) {
    return u16((int) v & 0xFFFF).u16((int) (v >>> 16) & 0xFFFF);
  }
}
