package dev.lightbox.http.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.auth.AccessConfig;
import dev.lightbox.http.dimse.DicomConfig;
import dev.lightbox.service.Services;
import dev.lightbox.service.auth.NewToken;
import dev.lightbox.service.auth.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer against a server with {@code --auth required} (issue 14), in headless Chromium: the
 * page asks for a token when the server answers 401, works with one (kept in sessionStorage
 * only), forgets it on request, and says why when the token was revoked.
 */
class ViewerAuthBrowserTest {
  static final String CT_ID = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";

  @TempDir static Path work;
  static LightboxServer server;
  static ChromeDriver driver;
  static ServerConfig config;
  static String viewerToken;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    HeadlessChromium.requireInstalled();
    config = ServerConfig.defaults().withPort(0)
        .withDataDir(Files.createDirectories(work.resolve("data")));
    viewerToken = create("viewer", "read,write,delete");
    server = LightboxServer.start(config, DicomConfig.off(), AccessConfig.authRequired()
        .withAudit(AccessConfig.Audit.toFile(work.resolve("audit.log"))));
    HttpResponse<Void> up = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "instances")).header("Authorization", "Bearer " + viewerToken)
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofFile(Corpus.pydicom("CT_small.dcm"))).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(201, up.statusCode());
    driver = HeadlessChromium.start(Files.createDirectories(work.resolve("browser")));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  static String create(String name, String scopes) throws Exception {
    try (Services.Tokens tokens = Services.openTokens(config.services())) {
      return tokens.service().create(new NewToken("acme", Scope.parseList(scopes),
          Optional.empty(), Optional.of(name))).secret();
    }
  }

  @Test
  void thePageAsksForATokenWorksWithItAndForgetsIt() throws Exception {
    driver.get(server.baseUrl());
    WebElement dialog = byId("token-dialog");
    waitFor(dialog::isDisplayed);
    assertEquals("This server needs an API token.", byId("token-reason").getText());
    byId("token-input").sendKeys(viewerToken);
    byId("token-save").click();
    By instance = By.cssSelector("button.instance[data-id='" + CT_ID + "']");
    waitFor(() -> !driver.findElements(instance).isEmpty());
    driver.findElement(instance).click();
    waitFor(() -> byId("image").getAttribute("data-rendered-url") != null
        && byId("image").getAttribute("data-rendered-url").startsWith("/instances/" + CT_ID));
    assertEquals(viewerToken, driver.executeScript(
        "return sessionStorage.getItem('lightbox.token')"));
    assertEquals(0L, driver.executeScript("return localStorage.length"), "tab only");
    assertEquals("", driver.executeScript("return document.cookie"));

    byId("token-button").click();
    waitFor(dialog::isDisplayed);
    byId("token-forget").click();
    waitFor(() -> driver.executeScript("return sessionStorage.getItem('lightbox.token')") == null);
    // Without the token the next request is refused and the page asks again.
    waitFor(dialog::isDisplayed);
  }

  @Test
  void aRevokedTokenIsRefusedWithTheReasonShown() throws Exception {
    String doomed = create("doomed", "read");
    driver.get(server.baseUrl());
    waitFor(() -> byId("token-dialog").isDisplayed());
    byId("token-input").sendKeys(doomed);
    byId("token-save").click();
    By instance = By.cssSelector("button.instance[data-id='" + CT_ID + "']");
    waitFor(() -> !driver.findElements(instance).isEmpty());
    try (Services.Tokens tokens = Services.openTokens(config.services())) {
      assertTrue(tokens.service().revoke("doomed").isPresent());
    }
    // Every node drops a revoked token within the snapshot reload interval (2 s).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (status("instances", doomed) != 401) {
      assertTrue(System.nanoTime() < deadline, "the revoked token still works after 10 s");
      Thread.sleep(100);
    }
    driver.navigate().refresh();
    waitFor(() -> byId("token-dialog").isDisplayed());
    assertEquals("The server refused the token: the token has been revoked",
        byId("token-reason").getText());
    assertTrue(byId("token-forget").isDisplayed(), "the refused token can be forgotten");
    byId("token-forget").click();
    waitFor(() -> driver.executeScript("return sessionStorage.getItem('lightbox.token')") == null);
  }

  static int status(String path, String token) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  static void waitFor(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(RuntimeException.class)
        .until(d -> condition.getAsBoolean());
  }
}
