package dev.lightbox.service.ingest;

import dev.lightbox.service.OperationTimer;

/**
 * Where the time of one upload went before the store: receiving the body, validating its
 * structure, hashing, writing the spool file, fsyncing it (durable uploads), parsing the header. Summed over the buffers of one
 * body and handed to the {@link OperationTimer} once per upload, so the breakdown shows in the
 * server's metrics (docs/performance.md, benchmarks/load/ingest-breakdown.sh).
 */
final class IngestTimes {
  enum Phase {
    RECEIVE(OperationTimer.Operation.INGEST_RECEIVE),
    VALIDATE(OperationTimer.Operation.INGEST_VALIDATE),
    HASH(OperationTimer.Operation.INGEST_HASH),
    WRITE(OperationTimer.Operation.INGEST_WRITE),
    FSYNC(OperationTimer.Operation.INGEST_FSYNC),
    PARSE(OperationTimer.Operation.INGEST_PARSE);

    final OperationTimer.Operation operation;

    Phase(OperationTimer.Operation operation) {
      this.operation = operation;
    }
  }

  private final long[] nanos = new long[Phase.values().length];

  void add(Phase phase, long elapsed) {
    nanos[phase.ordinal()] += elapsed;
  }

  void report(OperationTimer timer) {
    for (Phase p : Phase.values()) {
      timer.record(p.operation, nanos[p.ordinal()]);
    }
  }
}
