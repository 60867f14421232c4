package dev.lightbox.dicom.io;

/**
 * A defect the lenient reader tolerated.
 *
 * @param tagPath where, e.g. {@code (0008,1140)/0/(0008,1155)}; empty for file-level problems
 * @param offset byte offset in the source (in inflated bytes for deflated datasets)
 * @param message what was wrong and what the reader did about it
 */
public record ParseProblem(String tagPath, long offset, String message) {
  @Override
  public String toString() {
    return (tagPath.isEmpty() ? "" : tagPath + " ") + "@ " + offset + ": " + message;
  }
}
