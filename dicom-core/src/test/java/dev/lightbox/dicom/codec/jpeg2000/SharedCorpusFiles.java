package dev.lightbox.dicom.codec.jpeg2000;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.ArrayByteSource;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.pixel.PixelData;
import dev.lightbox.dicom.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Files of the shared corpus in given transfer syntaxes, found through ref/index.tsv, and their
 * frames read with the project's reader and frame locator (PixelData.encapsulatedFrame).
 */
final class SharedCorpusFiles {
  private SharedCorpusFiles() {}

  /** Relative paths of corpus files whose transfer syntax is one of {@code syntaxes}. */
  static List<String> withSyntax(Set<String> syntaxes) throws IOException {
    Path index = Corpus.shared().resolve("ref/index.tsv");
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(index)) {
      String[] f = line.split("\t");
      if (f.length > 2 && syntaxes.contains(f[2])) {
        out.add(f[0]);
      }
    }
    return out;
  }

  /** Image Pixel values and every encapsulated frame of one file. */
  record Frames(int rows, int columns, int samplesPerPixel, int bitsStored, boolean signed,
      List<byte[]> frames) {}

  static Frames read(String relative) throws IOException {
    Path file = Corpus.shared().resolve(relative);
    ArrayByteSource source = new ArrayByteSource(Files.readAllBytes(file));
    ParseResult parsed = DicomReader.read(source, ReadOptions.defaults());
    Dataset ds = parsed.dataset();
    PixelData pixels = PixelData.of(parsed, source);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < pixels.frameCount(); i++) {
      frames.add(pixels.encapsulatedFrame(i));
    }
    return new Frames(ds.integer(Tag.ROWS, 0), ds.integer(Tag.COLUMNS, 0),
        ds.integer(Tag.SAMPLES_PER_PIXEL, 1), ds.integer(Tag.BITS_STORED, 0),
        ds.integer(Tag.PIXEL_REPRESENTATION, 0) == 1, frames);
  }
}
