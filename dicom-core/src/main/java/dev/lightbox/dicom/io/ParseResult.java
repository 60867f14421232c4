package dev.lightbox.dicom.io;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.TransferSyntax;
import java.util.List;

/**
 * What the reader produced.
 *
 * @param fileMeta the File Meta Information (group 0002); empty for bare datasets
 * @param dataset the dataset after the meta information
 * @param transferSyntax the encoding the dataset was read with (from the meta information, or
 *     detected for bare datasets)
 * @param problems defects the lenient reader tolerated, in file order
 * @param datasetOffset byte offset where the dataset starts
 * @param endOffset byte offset where reading stopped (start of the stop tag when one was set)
 * @param stoppedEarly true when reading stopped at {@link ReadOptions#stopBeforeTag()}
 */
public record ParseResult(Dataset fileMeta, Dataset dataset, TransferSyntax transferSyntax,
    List<ParseProblem> problems, long datasetOffset, long endOffset, boolean stoppedEarly) {
  public ParseResult {
    problems = List.copyOf(problems);
  }
}
