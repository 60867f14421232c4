package dev.lightbox.dicom.io;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.SpecificCharacterSet;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.DicomParseException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads DICOM Part 10 files (PS3.10 §7: 128-byte preamble, {@code DICM}, File Meta Information in
 * explicit VR little endian, then the dataset in its transfer syntax) and bare datasets without a
 * preamble, whose encoding is detected from the first element.
 *
 * <p>Reading from a {@link ByteSource} or a {@link Path} leaves values above {@link
 * ReadOptions#bulkThreshold()} in the source as references; reading from an {@link InputStream}
 * skips them too, recording stream offsets. Every failure is a {@link DicomParseException} naming
 * the tag path and byte offset.
 */
public final class DicomReader {
  private static final int PREAMBLE = 128;

  private DicomReader() {}

  public static ParseResult read(Path file, ReadOptions options) throws IOException {
    try (FileByteSource source = FileByteSource.open(file)) {
      return read(source, options);
    }
  }

  public static ParseResult read(byte[] bytes, ReadOptions options) throws IOException {
    return read(new ArrayByteSource(bytes), options);
  }

  public static ParseResult read(ByteSource source, ReadOptions options) throws IOException {
    return read(DicomInput.of(source), options);
  }

  /** Reads from a stream; values over the bulk threshold are skipped and recorded by offset. */
  public static ParseResult read(InputStream in, ReadOptions options) throws IOException {
    return read(DicomInput.of(in), options);
  }

  /**
   * Reads a bare dataset whose encoding is known from elsewhere, such as the transfer syntax of a
   * negotiated presentation context (PS3.8 §7.1.1.13), without File Meta Information and without
   * guessing the encoding. Values over the bulk threshold are skipped and recorded by offset.
   */
  public static ParseResult readDataset(InputStream in, TransferSyntax ts, ReadOptions options)
      throws IOException {
    DicomInput input = DicomInput.of(in);
    List<ParseProblem> problems = new ArrayList<>();
    DatasetParser parser = new DatasetParser(input, options, problems);
    try {
      if (ts.deflated()) {
        input.startInflating(options.maxInflatedBytes(), options.maxDeflateRatio());
      }
      Dataset dataset = parser.readTopLevel(ts.explicitVr(), ts.bigEndian(),
          SpecificCharacterSet.DEFAULT);
      return new ParseResult(Dataset.EMPTY, dataset, ts, problems, 0, input.position(),
          parser.stoppedEarly());
    } catch (DicomInput.InflateException e) {
      throw new DicomParseException(e.limitExceeded ? Reason.LIMIT_EXCEEDED : Reason.MALFORMED,
          "", e.inflatedOffset, e.getMessage() + " (offset counts inflated bytes)");
    }
  }

  private static ParseResult read(DicomInput in, ReadOptions options) throws IOException {
    List<ParseProblem> problems = new ArrayList<>();
    DatasetParser parser = new DatasetParser(in, options, problems);
    try {
      return readPart10OrBare(in, options, problems, parser);
    } catch (DicomInput.InflateException e) {
      throw new DicomParseException(e.limitExceeded ? Reason.LIMIT_EXCEEDED : Reason.MALFORMED,
          "", e.inflatedOffset, e.getMessage() + " (offset counts inflated bytes)");
    }
  }

  private static ParseResult readPart10OrBare(DicomInput in, ReadOptions options,
      List<ParseProblem> problems, DatasetParser parser) throws IOException {
    if (!in.ensure(1)) {
      throw new DicomParseException(Reason.NOT_DICOM, "", 0, "Empty input: not a DICOM file");
    }
    in.ensure(PREAMBLE + 4);
    Dataset meta = Dataset.EMPTY;
    TransferSyntax ts;
    if (in.available() >= PREAMBLE + 4 && hasMagic(in, PREAMBLE)) {
      in.advance(PREAMBLE + 4);
      meta = parser.readFileMeta();
      ts = syntaxFromMeta(in, meta, options, problems);
    } else if (in.available() >= 4 && hasMagic(in, 0)) {
      tolerate(options, problems, 0, "DICM prefix without the 128-byte preamble");
      in.advance(4);
      meta = parser.readFileMeta();
      ts = syntaxFromMeta(in, meta, options, problems);
    } else if (in.ensure(8) && in.peekU16(0, false) == 0x0002
        && Vr.fromBytes(in.peek(4), in.peek(5)).isPresent()) {
      tolerate(options, problems, 0, "File Meta Information without preamble and DICM prefix");
      meta = parser.readFileMeta();
      ts = syntaxFromMeta(in, meta, options, problems);
    } else {
      ts = detect(in).orElseThrow(() -> new DicomParseException(Reason.NOT_DICOM, "", 0,
          "Not a DICOM file: no DICM prefix at offset 128 and no recognisable dataset start"));
    }
    long datasetOffset = in.position();
    if (ts.deflated()) {
      in.startInflating(options.maxInflatedBytes(), options.maxDeflateRatio());
    }
    Dataset dataset = parser.readTopLevel(ts.explicitVr(), ts.bigEndian(),
        SpecificCharacterSet.DEFAULT);
    return new ParseResult(meta, dataset, ts, problems, datasetOffset, in.position(),
        parser.stoppedEarly());
  }

  private static boolean hasMagic(DicomInput in, int at) {
    return in.peek(at) == 'D' && in.peek(at + 1) == 'I' && in.peek(at + 2) == 'C'
        && in.peek(at + 3) == 'M';
  }

  private static TransferSyntax syntaxFromMeta(DicomInput in, Dataset meta, ReadOptions options,
      List<ParseProblem> problems) throws IOException {
    Optional<String> uid = meta.string(Tag.TRANSFER_SYNTAX_UID).filter(s -> !s.isBlank());
    if (uid.isEmpty()) {
      tolerate(options, problems, in.position(),
          "File Meta Information lacks Transfer Syntax UID (0002,0010); encoding detected");
      if (!in.ensure(6)) {
        return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
      }
      return Vr.fromBytes(in.peek(4), in.peek(5)).isPresent()
          ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }
    TransferSyntax declared = TransferSyntax.of(uid.get());
    if (declared.deflated() || !in.ensure(8)) {
      return declared;
    }
    // Some writers declare one VR encoding and use the other; dcmtk and pydicom read such files.
    boolean looksExplicit = Vr.fromBytes(in.peek(4), in.peek(5)).isPresent();
    if (declared.explicitVr() != looksExplicit && plausibleGroup(in.peekU16(0, declared.bigEndian()))) {
      String actual = looksExplicit ? "explicit" : "implicit";
      tolerate(options, problems, in.position(), "Transfer syntax " + declared.uid()
          + " declares " + (declared.explicitVr() ? "explicit" : "implicit")
          + " VR but the dataset is " + actual + " VR; read as " + actual);
      if (looksExplicit) {
        return declared.bigEndian() ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN
            : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
      }
      return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }
    return declared;
  }

  /** Detects the encoding of a bare dataset from its first element header. */
  private static Optional<TransferSyntax> detect(DicomInput in) throws IOException {
    if (!in.ensure(8)) {
      return Optional.empty();
    }
    boolean vrValid = Vr.fromBytes(in.peek(4), in.peek(5)).isPresent();
    int groupLe = in.peekU16(0, false);
    int groupBe = in.peekU16(0, true);
    if (vrValid && plausibleGroup(groupLe)) {
      return Optional.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }
    if (vrValid && plausibleGroup(groupBe)) {
      return Optional.of(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    }
    if (plausibleGroup(groupLe) && in.peekU32(4, false) <= in.remaining()) {
      return Optional.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }
    return Optional.empty();
  }

  /** First groups seen in real bare datasets: command, meta, directory, identifying, patient. */
  private static boolean plausibleGroup(int group) {
    return (group & 1) == 0 && group <= 0x0028;
  }

  private static void tolerate(ReadOptions options, List<ParseProblem> problems, long offset,
      String message) throws DicomParseException {
    if (options.strict()) {
      throw new DicomParseException(Reason.MALFORMED, "", offset, message);
    }
    problems.add(new ParseProblem("", offset, message));
  }
}
