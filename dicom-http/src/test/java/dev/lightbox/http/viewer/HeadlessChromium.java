package dev.lightbox.http.viewer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through Debian's {@code chromedriver}, headless and confined to
 * loopback. Selenium is pointed at both binaries so it never downloads a driver (Selenium
 * Manager). Absent binaries: the test is skipped with a message locally and fails when
 * {@code CI=true}, like every other Debian tool the suite needs.
 */
public final class HeadlessChromium {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  public static void requireInstalled() {
    for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(p)) {
        String message = p + " is missing: install the Debian packages chromium and "
            + "chromium-driver (scripts/test.sh does so as root)";
        dev.lightbox.http.testing.Ci.cannotRun(message);
      }
    }
  }

  /**
   * A fresh browser with its own profile under {@code work}; chromedriver's log goes to
   * {@code work/chromedriver.log}, not to the test output.
   */
  public static ChromeDriver start(Path work) throws IOException {
    return start(work, new String[0]);
  }

  /** As {@link #start(Path)} with extra Chromium arguments (e.g. a software WebGL). */
  public static ChromeDriver start(Path work, String... extraArguments) throws IOException {
    requireInstalled();
    Path profile = Files.createDirectories(work.resolve("profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(new File(work.resolve("chromedriver.log").toString()))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--window-size=1400,1000",
        "--user-data-dir=" + profile,
        // Only loopback resolves, so the page and the browser cannot reach any outside host.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    options.addArguments(extraArguments);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return driver;
  }
}
