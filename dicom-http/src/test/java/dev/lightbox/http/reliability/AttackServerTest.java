package dev.lightbox.http.reliability;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of every issue 19 attack class: one real server per class (started by the subclass's
 * {@code @BeforeAll}, which also stores the originals to verify), checked unharmed after every
 * attack ({@link AttackServer#assertUnharmed}) and stopped at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttackServerTest {
  @TempDir static Path tmp;
  AttackServer server;

  @AfterAll
  final void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  final void unharmed() throws Exception {
    server.assertUnharmed();
  }
}
