package dev.lightbox.dicom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link DicomReader#readDataset}: a bare dataset in a transfer syntax known from elsewhere (a
 * presentation context, PS3.8 §7.1.1.13) is read in that syntax, never guessed.
 */
class ReadDatasetTest {
  @Test
  void implicitLengthThatLooksLikeAVrIsReadAsImplicit() throws Exception {
    // (0008,0016) implicit VR, length 0x00004955: its first two length bytes spell "UI".
    int length = 0x4955;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0x08, 0x00, 0x16, 0x00, 'U', 'I', 0, 0});
    byte[] value = new byte[length];
    Arrays.fill(value, (byte) '1');
    b.writeBytes(value);
    Dataset ds = DicomReader.readDataset(new ByteArrayInputStream(b.toByteArray()),
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, ReadOptions.defaults()
            .withBulkThreshold(Integer.MAX_VALUE)).dataset();
    assertEquals(length, ds.bytes(Tag.SOP_CLASS_UID).orElseThrow().length);
  }

  @Test
  void explicitBigEndianIsReadInThatByteOrder() throws Exception {
    byte[] bytes = {0x00, 0x28, 0x00, 0x10, 'U', 'S', 0x00, 0x02, 0x01, 0x00};
    Dataset ds = DicomReader.readDataset(new ByteArrayInputStream(bytes),
        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, ReadOptions.defaults()).dataset();
    assertEquals(256, ds.integer(Tag.ROWS).orElseThrow());
  }

  @Test
  void truncatedValueIsRefusedWithItsOffset() {
    byte[] bytes = {0x10, 0x00, 0x10, 0x00, 'P', 'N', 0x10, 0x00, 'A'};
    DicomParseException e = assertThrows(DicomParseException.class,
        () -> DicomReader.readDataset(new ByteArrayInputStream(bytes),
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            ReadOptions.defaults().withStrictness(Strictness.STRICT)));
    assertEquals(DicomParseException.Reason.TRUNCATED, e.reason());
  }
}
