package dev.lightbox.service;

/**
 * Receives how long the service's expensive steps took, so a server can export them as metrics
 * without the service knowing about any metrics library.
 */
@FunctionalInterface
public interface OperationTimer {
  /** Operations the service times. */
  enum Operation {
    /** Blob write plus index transaction of one upload. */
    STORE,
    /** One index lookup or listing. */
    INDEX,
    /** Decoding and encoding one rendered frame (cache misses only). */
    RENDER
  }

  OperationTimer NONE = (operation, nanos) -> { };

  void record(Operation operation, long nanos);
}
