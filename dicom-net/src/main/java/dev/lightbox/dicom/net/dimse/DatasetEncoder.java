package dev.lightbox.dicom.net.dimse;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.write.DicomWriteException;
import dev.lightbox.dicom.write.DicomWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes an in-memory dataset (an identifier: query keys, matches, failed-instance lists) in the
 * transfer syntax of its presentation context, through dicom-core's {@link DicomWriter}. The one
 * place the network layer writes datasets (command sets are encoded by {@link Command}).
 */
public final class DatasetEncoder {
  private DatasetEncoder() {}

  /**
   * The bare dataset in {@code transferSyntaxUid}; group 0000 and 0002 elements are dropped (they
   * never belong to a data set, PS3.7 §6.3.1).
   *
   * @throws IllegalArgumentException when the dataset cannot be written in that syntax (values
   *     not in memory, native pixel data in an encapsulated syntax)
   */
  public static byte[] encode(Dataset dataset, String transferSyntaxUid) {
    Dataset data = dataset.filter(tag -> (tag >>> 16) != 0x0000 && (tag >>> 16) != 0x0002);
    try {
      return DicomWriter.datasetBytes(data, TransferSyntax.of(transferSyntaxUid));
    } catch (DicomWriteException e) {
      throw new IllegalArgumentException("identifier cannot be encoded in " + transferSyntaxUid
          + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory write failed", e);
    }
  }
}
