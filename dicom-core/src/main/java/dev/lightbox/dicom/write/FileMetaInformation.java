package dev.lightbox.dicom.write;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.data.Vr;
import java.util.Optional;

/**
 * The File Meta Information group (0002) of PS3.10 §7.1, Table 7.1-1: always explicit VR little
 * endian, headed by its group length (0002,0000), which the writer computes.
 */
public final class FileMetaInformation {
  /**
   * Identifies files written by Lightbox (0002,0012). A UUID-derived UID (PS3.5 §B.2), so no
   * registered root is needed; fixed so that every Lightbox build names the same implementation.
   */
  public static final String IMPLEMENTATION_CLASS_UID =
      "2.25.124033194961597447192262759019037334800";
  /** (0002,0013), at most 16 characters (SH). */
  public static final String IMPLEMENTATION_VERSION_NAME = "LIGHTBOX_0_1";

  /** File Meta Information Version 00\01 (PS3.10 Table 7.1-1). */
  private static final byte[] VERSION = {0, 1};

  private FileMetaInformation() {}

  /**
   * A new meta group for {@code dataset}: version, Media Storage SOP Class and Instance UIDs from
   * its SOP Class and Instance UIDs, {@code syntax}, and Lightbox's implementation identifiers.
   */
  public static Dataset create(Dataset dataset, TransferSyntax syntax) {
    return complete(Dataset.EMPTY, dataset, syntax);
  }

  /**
   * The meta group to write: {@code meta} as given, with the group length placeholder, the
   * Transfer Syntax UID set to {@code syntax} (the encoding actually written), and the Type 1
   * elements the caller left out filled in: version, SOP Class and Instance from the dataset,
   * Lightbox's implementation identifiers. Elements of other groups are dropped.
   */
  static Dataset complete(Dataset meta, Dataset dataset, TransferSyntax syntax) {
    DatasetBuilder b = new DatasetBuilder();
    for (var e : meta) {
      if (Tag.group(e.tag()) == 0x0002) {
        b.add(e.tag(), e.vr(), e.value());
      }
    }
    b.addIntegers(Tag.FILE_META_INFORMATION_GROUP_LENGTH, Vr.UL, 0);
    if (!b.contains(Tag.FILE_META_INFORMATION_VERSION)) {
      b.addBytes(Tag.FILE_META_INFORMATION_VERSION, Vr.OB, VERSION);
    }
    copyUid(b, Tag.MEDIA_STORAGE_SOP_CLASS_UID, dataset.string(Tag.SOP_CLASS_UID));
    copyUid(b, Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, dataset.string(Tag.SOP_INSTANCE_UID));
    b.addStrings(Tag.TRANSFER_SYNTAX_UID, Vr.UI, syntax.uid());
    if (!b.contains(Tag.IMPLEMENTATION_CLASS_UID)) {
      b.addStrings(Tag.IMPLEMENTATION_CLASS_UID, Vr.UI, IMPLEMENTATION_CLASS_UID);
      b.addStrings(Tag.IMPLEMENTATION_VERSION_NAME, Vr.SH, IMPLEMENTATION_VERSION_NAME);
    }
    return b.build();
  }

  private static void copyUid(DatasetBuilder b, int tag, Optional<String> uid) {
    if (!b.contains(tag) && uid.isPresent()) {
      b.addStrings(tag, Vr.UI, uid.get());
    }
  }
}
