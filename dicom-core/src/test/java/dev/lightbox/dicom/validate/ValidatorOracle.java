package dev.lightbox.dicom.validate;

import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.util.Random;

/**
 * The two answers compared by the tests: the whole-file reader's (what {@code lightbox dump}
 * runs: lenient, defaults, every value) and the streaming validator's fed in random slices.
 */
final class ValidatorOracle {
  static final String ACCEPTED = "accepted";

  private ValidatorOracle() {}

  static String reader(byte[] file) throws IOException {
    try {
      DicomReader.read(file, ReadOptions.defaults());
      return ACCEPTED;
    } catch (DicomParseException e) {
      return describe(e);
    }
  }

  static String streamed(byte[] file, Random slices) {
    StreamingValidator v = new StreamingValidator(ReadOptions.defaults());
    try {
      int off = 0;
      while (off < file.length) {
        int n = Math.min(file.length - off, slice(slices));
        v.update(file, off, n);
        off += n;
      }
      v.finish();
      return ACCEPTED;
    } catch (DicomParseException e) {
      return describe(e);
    }
  }

  /**
   * The validator fed whole {@code sliceSize} slices of a buffer the file starts {@code at} bytes
   * into, as the upload spool feeds it: a first slice long enough is read where it lies.
   */
  static String streamedInPlace(byte[] file, int at, int sliceSize) {
    byte[] buffer = new byte[at + file.length];
    System.arraycopy(file, 0, buffer, at, file.length);
    StreamingValidator v = new StreamingValidator(ReadOptions.defaults());
    try {
      for (int off = 0; off < file.length; off += sliceSize) {
        v.update(buffer, at + off, Math.min(sliceSize, file.length - off));
      }
      v.finish();
      return ACCEPTED;
    } catch (DicomParseException e) {
      return describe(e);
    }
  }

  /** Slice sizes from 1 byte (every boundary crossed) to a whole network buffer. */
  private static int slice(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 1 + r.nextInt(13);
      case 1 -> 1 + r.nextInt(300);
      case 2 -> 4096;
      default -> 65536;
    };
  }

  static String describe(DicomParseException e) {
    return e.reason() + " at " + e.tagPath() + " offset " + e.offset() + ": " + e.getMessage();
  }
}
