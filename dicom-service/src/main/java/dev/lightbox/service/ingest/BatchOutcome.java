package dev.lightbox.service.ingest;

import dev.lightbox.service.ServiceException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-item results of a batch ingest (several files in one request or association), in order.
 * Item-scoped failures (not DICOM, malformed, invalid, conflicting) are recorded and the batch goes
 * on; anything else ends the batch with a {@link ServiceException} instead.
 */
public record BatchOutcome(List<Item> items) {

  /**
   * One item: its name as the client gave it, either an outcome or a failure, and its SOP Class
   * and Instance UIDs as far as they are known (always for a stored item; for a refused one when
   * its header got that far, see {@link SopReference}).
   */
  public record Item(String name, Optional<IngestOutcome> outcome,
      Optional<ServiceException> failure, SopReference reference) {
    public Item {
      if (outcome.isPresent() == failure.isPresent()) {
        throw new IllegalArgumentException("an item has an outcome or a failure, not both");
      }
      Objects.requireNonNull(reference, "reference");
    }

    /** An item whose reference is the stored instance's, or unknown for a failure. */
    public Item(String name, Optional<IngestOutcome> outcome, Optional<ServiceException> failure) {
      this(name, outcome, failure, outcome.map(o -> SopReference.of(o.instance()))
          .orElse(SopReference.UNKNOWN));
    }

    public boolean succeeded() {
      return outcome.isPresent();
    }
  }

  /** How the batch as a whole ended. */
  public enum Summary {
    /** Every item is a new instance. */
    ALL_NEW,
    /** Every item succeeded, some were already stored or replaced. */
    ALL_SUCCEEDED,
    /** Some items failed, some succeeded. */
    SOME_FAILED,
    /** Every item failed. */
    ALL_FAILED
  }

  public BatchOutcome {
    items = List.copyOf(items);
  }

  public Summary summary() {
    long failed = items.stream().filter(i -> !i.succeeded()).count();
    if (failed == items.size()) {
      return Summary.ALL_FAILED;
    }
    if (failed > 0) {
      return Summary.SOME_FAILED;
    }
    boolean allNew = items.stream().allMatch(i ->
        i.outcome().orElseThrow().status() == IngestOutcome.Status.STORED);
    return allNew ? Summary.ALL_NEW : Summary.ALL_SUCCEEDED;
  }
}
