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
    RENDER,
    /** Waiting for and reading one upload body (the client and the network). */
    INGEST_RECEIVE,
    /** Whole-file structure validation of one upload (streamed, same buffers). */
    INGEST_VALIDATE,
    /** SHA-256 of one upload. */
    INGEST_HASH,
    /** Writing one upload to its spool file (no fsync). */
    INGEST_WRITE,
    /** fsync of one upload's spool file by its own thread ({@code --durability full}). */
    INGEST_FSYNC,
    /** Header parse, metadata document and index fields of one upload. */
    INGEST_PARSE
  }

  OperationTimer NONE = (operation, nanos) -> { };

  void record(Operation operation, long nanos);
}
