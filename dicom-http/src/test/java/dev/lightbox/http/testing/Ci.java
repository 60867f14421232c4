package dev.lightbox.http.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * The one place tests of this module read {@code CI}: a test that cannot run (missing corpus,
 * tool, database, filesystem) is skipped with its reason on a developer machine and fails under
 * {@code CI=true}, which .ci/run exports, so CI can never pass by skipping. CiUsageTest keeps
 * every other test class from reading the variable or skipping on its own.
 */
public final class Ci {
  private Ci() {}

  /** True under CI ({@code CI=true}, any case). */
  public static boolean active() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Returns when {@code condition} holds; otherwise skips the test, or fails it under CI. */
  public static void require(boolean condition, String reason) {
    if (!condition) {
      cannotRun(reason);
    }
  }

  /** Skips the calling test with {@code reason}, or fails it under CI. */
  public static void cannotRun(String reason) {
    if (active()) {
      throw new AssertionError(reason + " (CI=true: a test that cannot run is a failure)");
    }
    Assumptions.abort(reason + "; skipping");
  }
}
