package dev.lightbox.dicom.render;

import dev.lightbox.dicom.data.Dataset;
import java.util.Optional;

/** Reads a value that may have been left in the source (LUT data above the bulk threshold). */
@FunctionalInterface
interface ValueReader {
  Optional<byte[]> bytes(Dataset owner, int tag);
}
