package dev.lightbox.service.ingest;

import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Learns the identity of a file whose header could not be read to its end, so that a refusal can
 * still name the instance (STOW-RS Failed SOP Sequence items reference a SOP Instance, PS3.18
 * Annex I Table I.1-1). Most malformations sit after the SOP Common module's UIDs, so the file is
 * read again only up to SOP Instance UID (0008,0018); when even that prefix is broken, only the
 * File Meta Information (whose (0002,0002) and (0002,0003) copy both UIDs, PS3.10 §7.1). Both
 * reads are short prefixes under the caller's limits.
 */
final class PartialHeaderIdentity {
  /** The first top-level tag after SOP Instance UID (0008,0018). */
  private static final int AFTER_SOP_INSTANCE_UID = 0x00080019;
  /** The first top-level tag after the File Meta group. */
  private static final int AFTER_FILE_META = 0x00030000;

  private PartialHeaderIdentity() {}

  /** What a broken file's prefix says about its SOP Class and Instance, or UNKNOWN. */
  static SopReference of(Path file, ReadOptions options) {
    for (int stop : new int[] {AFTER_SOP_INSTANCE_UID, AFTER_FILE_META}) {
      try {
        ParseResult prefix = DicomReader.read(file, options.withStopBeforeTag(stop));
        SopReference found = SopReference.of(prefix);
        if (found.isKnown()) {
          return found;
        }
      } catch (DicomParseException e) {
        // Broken before this stop too: try the shorter prefix.
      } catch (IOException e) {
        return SopReference.UNKNOWN;
      }
    }
    return SopReference.UNKNOWN;
  }
}
