package dev.lightbox.dicom.net.part10;

import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.net.service.RetrievableInstance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Part 10 file (PS3.10 §7) offered for sending: its SOP class, instance and transfer syntax from
 * the File Meta Information, and its data set as the bytes after it, sent as stored.
 */
public final class Part10Instance implements RetrievableInstance {
  private final Path file;
  private final String sopClassUid;
  private final String sopInstanceUid;
  private final String transferSyntaxUid;
  private final long datasetOffset;

  private Part10Instance(Path file, String sopClassUid, String sopInstanceUid,
      String transferSyntaxUid, long datasetOffset) {
    this.file = file;
    this.sopClassUid = sopClassUid;
    this.sopInstanceUid = sopInstanceUid;
    this.transferSyntaxUid = transferSyntaxUid;
    this.datasetOffset = datasetOffset;
  }

  /**
   * Reads the File Meta Information of {@code file}.
   *
   * @throws IOException when the file is not Part 10 or lacks the SOP class, instance or
   *     transfer syntax UID in its meta information
   */
  public static Part10Instance open(Path file) throws IOException {
    ParseResult meta = DicomReader.read(file, ReadOptions.defaults().withStopBeforeTag(0x00000001));
    String sopClass = meta.fileMeta().string(Tag.MEDIA_STORAGE_SOP_CLASS_UID).orElse("");
    String sopInstance = meta.fileMeta().string(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID).orElse("");
    String ts = meta.fileMeta().string(Tag.TRANSFER_SYNTAX_UID).orElse("");
    if (sopClass.isEmpty() || sopInstance.isEmpty() || ts.isEmpty()) {
      throw new IOException(file + ": not a Part 10 file with Media Storage SOP Class/Instance"
          + " and Transfer Syntax UIDs in its File Meta Information");
    }
    return new Part10Instance(file, sopClass, sopInstance, ts, meta.datasetOffset());
  }

  public Path file() {
    return file;
  }

  @Override
  public String sopClassUid() {
    return sopClassUid;
  }

  @Override
  public String sopInstanceUid() {
    return sopInstanceUid;
  }

  @Override
  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }

  @Override
  public InputStream openDataset() throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      in.skipNBytes(datasetOffset);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return in;
  }
}
