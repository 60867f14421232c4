package dev.lightbox.dicom.write;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.ByteSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes datasets: Part 10 files (PS3.10 §7.1: 128-byte preamble, {@code DICM}, the File Meta
 * Information in explicit VR little endian, then the dataset) and bare datasets in one transfer
 * syntax (DIMSE command sets and identifiers, PS3.7 §6.3; DICOMweb transcoding).
 *
 * <p>Encodings: implicit VR little endian, explicit VR little endian, explicit VR big endian
 * (retired, PS3.5 §A.3), deflated explicit VR little endian (PS3.5 §A.5: everything after the
 * meta group is raw deflate), and the encapsulated syntaxes when the pixel data already is
 * encapsulated. Pixel data is never decoded or encoded here: native pixel data cannot be written
 * in an encapsulated syntax, nor fragments in a native one ({@link DicomWriteException}).
 *
 * <p>Values left in the source ({@code BulkDataRef}s and fragments) are streamed from {@code
 * source} through one 64 KiB buffer; nothing is loaded whole. The stream is flushed, not closed.
 */
public final class DicomWriter {
  private DicomWriter() {}

  /** A Part 10 file with a new File Meta Information group (see {@link FileMetaInformation}). */
  public static void writeFile(OutputStream out, Dataset dataset, TransferSyntax syntax,
      ByteSource source) throws IOException {
    writeFile(out, Dataset.EMPTY, dataset, syntax, source, WriteOptions.defaults());
  }

  /**
   * A Part 10 file. {@code fileMeta} is kept (e.g. the meta group read from the original file)
   * except that (0002,0000) is computed, (0002,0010) names {@code syntax}, and missing Type 1
   * elements are added.
   */
  public static void writeFile(OutputStream out, Dataset fileMeta, Dataset dataset,
      TransferSyntax syntax, ByteSource source, WriteOptions options) throws IOException {
    DicomOutput meta = new DicomOutput(out);
    meta.write(new byte[128]);
    meta.write(new byte[] {'D', 'I', 'C', 'M'});
    new DatasetEncoder(meta, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null, options)
        .dataset(FileMetaInformation.complete(fileMeta, dataset, syntax));
    meta.flush();
    writeDataset(out, dataset, syntax, source, options);
  }

  /** A bare dataset in {@code syntax}: no preamble, no meta group. */
  public static void writeDataset(OutputStream out, Dataset dataset, TransferSyntax syntax,
      ByteSource source, WriteOptions options) throws IOException {
    if (!syntax.deflated()) {
      DicomOutput output = new DicomOutput(out);
      new DatasetEncoder(output, syntax, source, options).dataset(dataset);
      output.flush();
      return;
    }
    Deflater deflater = new Deflater(options.deflateLevel(), true);
    try {
      DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater,
          DicomOutput.BUFFER_SIZE);
      DicomOutput output = new DicomOutput(deflating);
      new DatasetEncoder(output, syntax, source, options).dataset(dataset);
      output.flush();
      deflating.finish();
      out.flush();
    } finally {
      deflater.end();
    }
  }

  /** A bare dataset held in memory (no source), e.g. a DIMSE command set in implicit VR LE. */
  public static byte[] datasetBytes(Dataset dataset, TransferSyntax syntax) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeDataset(bytes, dataset, syntax, null, WriteOptions.defaults());
    return bytes.toByteArray();
  }
}
