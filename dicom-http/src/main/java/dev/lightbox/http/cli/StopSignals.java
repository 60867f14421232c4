package dev.lightbox.http.cli;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action on SIGTERM and SIGINT instead of the JVM's default (which starts shutdown at
 * once and exits with 128 + the signal number). Uses {@code sun.misc.Signal} from the {@code
 * jdk.unsupported} module: the only JDK API for signal handlers, available on every JDK since 9.
 * Where it is missing, the shutdown hook that callers also install does the same work.
 */
final class StopSignals {
  private static final System.Logger LOG = System.getLogger(StopSignals.class.getName());

  private StopSignals() {}

  /**
   * Runs {@code action} once, on its own thread, at the first SIGTERM or SIGINT; a second signal
   * ends the process at once.
   */
  static void onStop(Runnable action) {
    AtomicBoolean once = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
          if (once.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "SIG" + name + " received: draining");
            Thread t = new Thread(action, "lightbox-drain");
            t.start();
          } else {
            // A second signal (Ctrl-C twice) means "now": stored data is crash-consistent anyway.
            LOG.log(Level.WARNING, "SIG" + name + " received while draining: stopping at once");
            Runtime.getRuntime().halt(128 + signal.getNumber());
          }
        });
      } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
        LOG.log(Level.WARNING, "cannot handle SIG" + name + " (" + e + "); the shutdown hook will "
            + "drain instead, with exit status 128 + signal");
      }
    }
  }
}
