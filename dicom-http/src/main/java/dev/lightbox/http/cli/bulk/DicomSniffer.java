package dev.lightbox.http.cli.bulk;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decides from a file's first bytes whether it is worth sending: the same reader the server uses
 * says "not DICOM" only when there is neither a {@code DICM} prefix (PS3.10 §7.1) nor a
 * recognisable dataset start, so a file skipped here is one the server would refuse as not-dicom,
 * and anything else (even damaged) is sent and judged by the server, whose reason is reported.
 */
final class DicomSniffer {
  /** Bytes read before deciding: the preamble, the prefix and a File Meta Information group. */
  static final int HEAD = 8192;

  enum Kind { DICOM, NOT_DICOM, DICOMDIR }

  record Verdict(Kind kind, Optional<String> sopInstanceUid) {}

  private DicomSniffer() {}

  static Verdict classify(byte[] head, int length) {
    ParseResult r;
    try {
      // Only the File Meta Information: stop at the first dataset element.
      r = DicomReader.read(Arrays.copyOf(head, length),
          ReadOptions.defaults().withStopBeforeTag(0x00030000));
    } catch (DicomParseException e) {
      return new Verdict(e.reason() == DicomParseException.Reason.NOT_DICOM ? Kind.NOT_DICOM
          : Kind.DICOM, Optional.empty());
    } catch (IOException | RuntimeException e) {
      return new Verdict(Kind.DICOM, Optional.empty()); // the head ends mid-element: the server decides
    }
    Dataset meta = r.fileMeta();
    if (meta.string(Tag.MEDIA_STORAGE_SOP_CLASS_UID).map(String::strip)
        .filter(DicomDirectory.MEDIA_STORAGE_DIRECTORY::equals).isPresent()) {
      return new Verdict(Kind.DICOMDIR, Optional.empty());
    }
    return new Verdict(Kind.DICOM, meta.string(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID)
        .map(s -> s.replace("\0", "").strip()).filter(s -> !s.isEmpty()));
  }
}
