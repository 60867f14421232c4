package dev.lightbox.service.scrub;

import java.util.Objects;

/** A {@link Scrubber} over stores opened for it, closed with the session. */
public final class ScrubSession implements AutoCloseable {
  private final Scrubber scrubber;
  private final String stores;
  private final Runnable closer;
  private boolean closed;

  public ScrubSession(Scrubber scrubber, String stores, Runnable closer) {
    this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.closer = Objects.requireNonNull(closer, "closer");
  }

  public Scrubber scrubber() {
    return scrubber;
  }

  /** The stores scrubbed, without secrets (for the report's first line). */
  public String stores() {
    return stores;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closer.run();
    }
  }
}
