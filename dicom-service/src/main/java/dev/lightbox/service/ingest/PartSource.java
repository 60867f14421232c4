package dev.lightbox.service.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The files of a batch as a transport delivers them, one at a time, each read to its end before the
 * next is asked for: multipart parts, STOW-RS parts, or C-STORE requests. Nothing is buffered.
 */
@FunctionalInterface
public interface PartSource {
  /** One file: the name the client gave it (may be empty) and its bytes. */
  record Part(String name, InputStream body) {}

  /**
   * The next part, or empty at the end. A framing error of the container is a {@link
   * MalformedBodyException}; any other IOException means the body could not be read completely.
   */
  Optional<Part> next() throws IOException;
}
