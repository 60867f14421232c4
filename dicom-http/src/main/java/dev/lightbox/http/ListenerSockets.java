package dev.lightbox.http;

import io.undertow.Undertow;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;

/**
 * Closes Undertow's listening sockets while its connections stay open, the first step of a drain:
 * a client that connects now is refused at once and retries another node, instead of waiting in
 * the accept backlog of a server that is going away.
 *
 * <p>Undertow offers no public way to do this: {@code Undertow.stop()} closes the listeners and
 * every connection with them, and {@code ListenerInfo.suspend()} stops accepting but keeps the
 * socket bound, so the kernel still completes connections that then hang until they are reset.
 * The listener's channel is therefore reached through its private field. When that fails (a later
 * Undertow renamed it), nothing breaks: the drain still answers every request with {@code
 * Connection: close}, new connections are accepted until the server stops, and a warning says so.
 */
final class ListenerSockets {
  private static final System.Logger LOG = System.getLogger(ListenerSockets.class.getName());

  private ListenerSockets() {}

  static void close(Undertow undertow) {
    for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
      try {
        Field f = Undertow.ListenerInfo.class.getDeclaredField("channel");
        f.setAccessible(true);
        ((Closeable) f.get(info)).close(); // Undertow.stop() closes it again: closing is idempotent
      } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
        LOG.log(Level.WARNING, "cannot close the listening socket " + info.getAddress()
            + " before the drain (" + e + "); new connections are accepted until the server stops");
      }
    }
  }
}
