package dev.lightbox.service.ingest;

/**
 * What one uploaded file may cost, checked while its header is parsed and before its metadata
 * document is stored, so that no stored instance can later make a query, a listing or a render
 * run the heap out (docs/reliability.md, "Limits"). Every limit hit refuses that file with 422
 * naming the tag path and byte offset; the other files of a batch still count.
 *
 * @param maxElements elements plus sequence items in the header (a file of a million tiny items
 *     costs many times its size as a dataset tree and as JSON)
 * @param maxInlineValueBytes longest value written into the metadata document as JSON (character
 *     strings, AT and binary numbers; longer binary values are bulk data anyway). The standard's
 *     longest fixed limits are 10,240 characters (LT) and 1,024 (ST); UT/UC are unbounded, so this
 *     is a cap far above real headers and far below the heap
 * @param maxDocumentChars longest stored metadata document (the whole header as DICOM JSON)
 * @param maxLoadedValueBytes longest value the parser may load into memory at all (deflated
 *     datasets have no file offsets, so every value of their header is loaded)
 * @param maxInflatedHeaderBytes most bytes a deflated dataset's header may inflate to
 */
public record IngestLimits(int maxElements, long maxInlineValueBytes, long maxDocumentChars,
    long maxLoadedValueBytes, long maxInflatedHeaderBytes) {

  /** 250,000 elements, 1 MiB per inline value, 16 Mi characters of JSON, 16 MiB loaded, 64 MiB inflated. */
  public static final IngestLimits DEFAULTS = new IngestLimits(250_000, 1L << 20, 16L << 20,
      16L << 20, 64L << 20);

  public IngestLimits {
    if (maxElements < 1 || maxInlineValueBytes < 1 || maxDocumentChars < 1
        || maxLoadedValueBytes < 1 || maxInflatedHeaderBytes < 1) {
      throw new IllegalArgumentException("ingest limits must be positive");
    }
  }
}
