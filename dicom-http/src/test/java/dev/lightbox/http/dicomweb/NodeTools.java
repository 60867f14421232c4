package dev.lightbox.http.dicomweb;

import dev.lightbox.http.testing.Ci;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the npm packages scripts/test.sh installs under {@code target/dicomweb-node}
 * (dicomweb-client, xhr2, the OHIF Viewer's built site): the {@code lightbox.dicomwebNode} system
 * property, else that directory of the repository. Absent: skip locally, fail under CI.
 */
final class NodeTools {
  private NodeTools() {}

  static Path root() {
    String prop = System.getProperty("lightbox.dicomwebNode");
    Path dir = prop != null && !prop.isBlank() ? Path.of(prop)
        : Path.of(System.getProperty("user.dir")).getParent().resolve("target/dicomweb-node");
    return dir;
  }

  static Path require(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      String message = p + " is absent: run scripts/test.sh (it installs the npm packages "
          + "dicomweb-client, xhr2 and @ohif/app under target/dicomweb-node)";
      Ci.cannotRun(message);
    }
    return p;
  }

  static Path script(String name) {
    return Path.of(System.getProperty("user.dir")).resolve("src/test/node").resolve(name);
  }
}
