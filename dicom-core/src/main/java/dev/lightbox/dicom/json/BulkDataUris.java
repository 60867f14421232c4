package dev.lightbox.dicom.json;

import dev.lightbox.dicom.data.Element;
import java.util.Optional;

/**
 * Supplies the {@code BulkDataURI} for a value that is not written inline (PS3.18 F.2.6). The URI
 * scheme belongs to the caller: an HTTP server points at its bulk route, the command line at the
 * file.
 */
@FunctionalInterface
public interface BulkDataUris {
  /** No URIs: values that are not inlined are written with their VR only. */
  BulkDataUris NONE = (tagPath, element) -> Optional.empty();

  /**
   * @param tagPath path of the attribute in slash form, e.g. {@code 7FE00010} or {@code
   *     00081140/0/00091010}
   * @param element the attribute; its value may be a {@link dev.lightbox.dicom.data.BulkDataRef}
   *     or {@link dev.lightbox.dicom.data.Fragments} locating the bytes in the source
   */
  Optional<String> uri(String tagPath, Element element);
}
