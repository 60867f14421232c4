package dev.lightbox.service.metadata;

import dev.lightbox.dicom.data.BulkDataRef;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Sequence;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.data.ValueKind;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.ParseResult;

/**
 * Refuses a header whose metadata document would hold a value longer than the inline limit.
 * DICOM JSON writes character strings, AT and binary numbers as JSON values (PS3.18 F.2.3), never
 * as BulkDataURI, so a 100 MiB LO (the standard allows 64 characters, PS3.5 Table 6.2-1) would be
 * read whole, turned into a JSON string and stored in the index row, then loaded by every query.
 * The check runs before any such value is read; the refusal names the tag path and the offset.
 */
final class InlineValueCheck {
  private InlineValueCheck() {}

  static void check(ParseResult parsed, long maxBytes) throws DicomParseException {
    check(parsed.fileMeta(), "", maxBytes);
    check(parsed.dataset(), "", maxBytes);
  }

  private static void check(Dataset dataset, String prefix, long maxBytes)
      throws DicomParseException {
    for (Element e : dataset) {
      String path = (prefix.isEmpty() ? "" : prefix + "/") + Tag.toHex(e.tag());
      Object value = e.value();
      if (value instanceof Sequence seq) {
        for (int i = 0; i < seq.size(); i++) {
          check(seq.item(i), path + "/" + i, maxBytes);
        }
        continue;
      }
      if (!writtenInline(e.vr())) {
        continue;
      }
      long length = value instanceof BulkDataRef ref ? ref.length()
          : value instanceof byte[] b ? b.length : 0;
      if (length > maxBytes) {
        long offset = value instanceof BulkDataRef ref ? ref.offset() : -1;
        throw new DicomParseException(DicomParseException.Reason.LIMIT_EXCEEDED, path, offset,
            e.vr() + " value of " + length + " bytes exceeds the longest value kept in the "
            + "metadata (" + maxBytes + " bytes)");
      }
    }
  }

  /** The VRs DicomJsonWriter writes as JSON values whatever their length. */
  private static boolean writtenInline(Vr vr) {
    return vr.isString() || vr.kind() == ValueKind.TAG || vr.kind() == ValueKind.BINARY_NUMBER;
  }
}
