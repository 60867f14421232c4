package dev.lightbox.http.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real headless Chromium against the real server on a loopback port. Expected
 * attribute values and image sizes come from dcmdump on the corpus files; expected pixels are the
 * server's own rendering of the URL the page fetched, read back from the canvas, so the tests check
 * what the page shows and asks for, not how the server renders.
 */
class ViewerBrowserTest {
  // dcmdump: SOPInstanceUID, Rows x Columns, PatientName of the corpus files used here.
  static final String CT = "pydicom/test_files/CT_small.dcm";
  static final String CT_ID = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
  static final String MR = "pydicom/test_files/MR_small.dcm";
  static final String MR_ID = "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457";
  static final String MR_RLE = "pydicom/test_files/MR_small_RLE.dcm";
  static final String MULTIFRAME = "pydicom/pydicom-data/emri_small.dcm";
  static final String MULTIFRAME_ID =
      "1.2.826.0.1.3680043.2.1143.6455556726214900995651753669640998622";
  static final String RGB_2FRAME = "pydicom/test_files/SC_rgb_rle_2frame.dcm";
  static final String RGB_2FRAME_ID =
      "1.2.826.0.1.3680043.8.498.49043964482360854182530167603505525116";
  static final String RTPLAN = "pydicom/test_files/rtplan.dcm";

  @TempDir static Path work;
  static LightboxServer server;
  static ChromeDriver driver;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    HeadlessChromium.requireInstalled();
    server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(Files.createDirectories(work.resolve("data"))));
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

  @BeforeEach
  void freshPage() {
    driver.get(server.baseUrl());
    waitFor(() -> !text("health").startsWith("checking"));
  }

  @Test
  void uploadingSeveralFilesShowsEachResultAndListsThemByPatient() throws Exception {
    deleteIfStored(CT_ID, MR_ID, MULTIFRAME_ID);
    upload(Corpus.file(CT), Corpus.file(MR), Corpus.file(MULTIFRAME),
        Corpus.file(RTPLAN));
    waitFor(() -> text("upload-counts").startsWith("4 of 4 done"));
    List<String> results = uploadResults();
    assertEquals(4, results.size(), results::toString);
    for (String r : results) {
      assertTrue(r.equals("stored") || r.equals("already stored"), results::toString);
    }
    assertEquals(100, Integer.parseInt(byId("upload-overall").getDomProperty("value")));
    waitFor(() -> text("browse-tree").contains("CompressedSamples^CT1 · 1CT1"));
    String tree = text("browse-tree");
    assertTrue(tree.contains("CompressedSamples^MR1 · 4MR1"), tree);
    assertTrue(tree.contains("10 frames"), tree); // emri_small: NumberOfFrames 10
    assertTrue(driver.findElements(By.cssSelector("button.instance")).size() >= 4);
    screenshot("upload-and-browse");

    // Server-side Modality filter, then the in-page name filter (dcmdump: Modality, PatientName).
    byId("search").findElement(By.name("Modality")).sendKeys("mr");
    byId("search").submit();
    waitFor(() -> !text("browse-tree").contains("CompressedSamples^CT1"));
    assertTrue(text("browse-tree").contains("CompressedSamples^MR1"), text("browse-tree"));
    driver.findElement(By.cssSelector("#search button[type=reset]")).click();
    byId("search").findElement(By.name("name")).sendKeys("samples^ct");
    byId("search").submit();
    waitFor(() -> !text("browse-tree").contains("CompressedSamples^MR1"));
    assertTrue(text("browse-tree").contains("CompressedSamples^CT1"), text("browse-tree"));

    // Same bytes again: already stored; other bytes under MR_small's SOP Instance UID: conflict.
    upload(Corpus.file(MR), Corpus.file(MR_RLE));
    waitFor(() -> text("upload-counts").startsWith("2 of 2 done"));
    List<String> again = uploadResults().subList(0, 2);
    String conflictDetail = problemDetail(post(Corpus.file(MR_RLE)));
    assertTrue(again.contains("already stored"), again::toString);
    assertTrue(again.contains("conflict: " + conflictDetail), again::toString);
  }

  @Test
  void anInvalidFileShowsTheServersReason() throws Exception {
    Path notDicom = work.resolve("notes.txt");
    Files.writeString(notDicom, "these are notes, not an image\n".repeat(20));
    String detail = problemDetail(post(notDicom));
    upload(notDicom);
    waitFor(() -> text("upload-counts").startsWith("1 of 1 done"));
    String result = uploadResults().get(0);
    assertTrue(result.startsWith("error: "), result);
    assertTrue(result.contains(detail), result + " should contain the server's detail: " + detail);
    WebElement row = driver.findElement(By.cssSelector("#upload-list li"));
    assertTrue(row.getAttribute("class").contains("error"));
  }

  @Test
  void openingAnInstanceDrawsTheServersImageAtItsNativeSize() throws Exception {
    ensureStored(CT);
    open(CT_ID);
    WebElement canvas = byId("image");
    assertEquals("128", canvas.getDomProperty("width")); // dcmdump: Columns 128
    assertEquals("128", canvas.getDomProperty("height")); // dcmdump: Rows 128
    String url = canvas.getAttribute("data-rendered-url");
    assertEquals("/instances/" + CT_ID + "/rendered", url); // no file window: server default
    assertCanvasShows(url);
    assertTrue(text("window-readout").contains("automatic"));
    List<String> presets = byId("preset").findElements(By.tagName("option")).stream()
        .map(WebElement::getText).toList();
    assertTrue(presets.contains("CT lung (-600, 1500)"), presets::toString);
    screenshot("viewer");
  }

  @Test
  void draggingOnTheImageFetchesANewWindowAndTheImageChanges() throws Exception {
    ensureStored(MR);
    open(MR_ID);
    WebElement canvas = byId("image");
    String before = canvas.getAttribute("data-rendered-url");
    // dcmdump MR_small: WindowCenter 600, WindowWidth 1600, the first preset.
    assertEquals("/instances/" + MR_ID + "/rendered?window=600%2C1600", before);
    assertEquals("Window center 600, width 1600", text("window-readout"));
    int[] pixelsBefore = canvasGray();

    new Actions(driver).moveToElement(canvas).clickAndHold().moveByOffset(-60, 0)
        .moveByOffset(-60, -30).release().perform();
    waitFor(() -> {
      String now = canvas.getAttribute("data-rendered-url");
      return !now.equals(before) && renderedRequests().contains(server.baseUrl()
          + now.substring(1));
    });
    String after = canvas.getAttribute("data-rendered-url");
    Matcher m = Pattern.compile("window=(-?[0-9.]+)%2C([0-9.]+)$").matcher(after);
    assertTrue(m.find(), after);
    double center = Double.parseDouble(m.group(1));
    double width = Double.parseDouble(m.group(2));
    assertTrue(width < 1600 && center < 600, after); // left narrows, up lowers the center
    assertEquals("Window center " + m.group(1) + ", width " + m.group(2), text("window-readout"));
    assertEquals(m.group(1), byId("wc").getDomProperty("value"));
    int[] pixelsAfter = canvasGray();
    assertFalse(java.util.Arrays.equals(pixelsBefore, pixelsAfter), "pixels did not change");
    assertCanvasShows(after);
    screenshot("window");
  }

  @Test
  void theFrameSliderShowsAnotherFrame() throws Exception {
    ensureStored(MULTIFRAME);
    open(MULTIFRAME_ID);
    assertTrue(byId("frames").isDisplayed());
    assertEquals("1 / 10", text("frame-label")); // dcmdump: NumberOfFrames 10
    String first = byId("image").getAttribute("data-rendered-url");
    assertEquals("/instances/" + MULTIFRAME_ID + "/frames/1/rendered", first);
    int[] frame1 = canvasGray();
    WebElement slider = byId("frame");
    slider.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
    String fifth = "/instances/" + MULTIFRAME_ID + "/frames/5/rendered";
    waitFor(() -> fifth.equals(byId("image").getAttribute("data-rendered-url")));
    assertEquals("5 / 10", text("frame-label"));
    assertFalse(java.util.Arrays.equals(frame1, canvasGray()), "frame 5 looks like frame 1");
    assertCanvasShows(fifth);
    screenshot("multiframe");

    byId("play").click();
    waitFor(() -> !fifth.equals(byId("image").getAttribute("data-rendered-url")));
    byId("play").click();
    assertEquals("false", byId("play").getAttribute("aria-pressed"));
  }

  @Test
  void tagSearchFindsPatientNameAndExpandsSequences() throws Exception {
    ensureStored(CT);
    open(CT_ID);
    waitFor(() -> text("tag-status").endsWith("attributes."));
    WebElement search = byId("tag-search");
    search.sendKeys("PatientName");
    waitFor(() -> text("tag-status").contains("match"));
    List<List<String>> rows = visibleTagRows();
    assertTrue(rows.contains(List.of("(0010,0010)", "PatientName", "PN", "CompressedSamples^CT1")),
        rows::toString);
    driver.executeScript("document.getElementById('tags-heading').scrollIntoView()");
    screenshot("tags");

    // dcmdump: (0010,1002) OtherPatientIDsSequence, item 2 holds PatientID 1234ABCD.
    clear(search);
    search.sendKeys("1234ABCD");
    waitFor(() -> visibleTagPaths().contains("OtherPatientIDsSequence/1/PatientID"));

    clear(search);
    waitFor(() -> !visibleTagPaths().contains("OtherPatientIDsSequence/1/PatientID"));
    driver.findElement(By.cssSelector("tr[data-path='OtherPatientIDsSequence'] button.toggle"))
        .click();
    waitFor(() -> visibleTagPaths().contains("OtherPatientIDsSequence/1/PatientID"));
  }

  @Test
  void deleteAsksForConfirmationThenRemovesTheInstance() throws Exception {
    ensureStored(RGB_2FRAME);
    open(RGB_2FRAME_ID);
    assertEquals("Colour image: windowing does not apply.", text("window-readout"));
    byId("delete").click();
    WebElement dialog = byId("delete-dialog");
    waitFor(dialog::isDisplayed);
    driver.findElement(By.cssSelector("#delete-dialog button[value=cancel]")).click();
    assertEquals(200, status("/instances/" + RGB_2FRAME_ID));
    byId("delete").click();
    waitFor(dialog::isDisplayed);
    byId("delete-confirm").click();
    waitFor(() -> byId("viewer-empty").isDisplayed());
    assertEquals(404, status("/instances/" + RGB_2FRAME_ID));
  }

  // --- page helpers ---

  static WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  static String text(String id) {
    return byId(id).getText();
  }

  /** Waits up to 20 s; on timeout saves a screenshot and reports the page's messages. */
  static void waitFor(java.util.function.BooleanSupplier condition) {
    try {
      new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(RuntimeException.class)
          .until(d -> condition.getAsBoolean());
    } catch (org.openqa.selenium.TimeoutException e) {
      try {
        screenshot("failure-" + System.currentTimeMillis());
      } catch (IOException ignored) {
        // the timeout below is the failure worth reporting
      }
      throw new AssertionError("timed out; page messages: " + text("messages"), e);
    }
  }

  static void upload(Path... files) {
    byId("file-input").sendKeys(Stream.of(files).map(p -> p.toAbsolutePath().normalize().toString())
        .collect(Collectors.joining("\n")));
  }

  /** Select all and delete, as a person would (WebElement.clear() fires no input event). */
  static void clear(WebElement field) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
  }

  static List<String> uploadResults() {
    return driver.findElements(By.cssSelector("#upload-list .result")).stream()
        .map(WebElement::getText).toList();
  }

  /** Reloads the list, clicks the instance and waits until its image is drawn. */
  static void open(String id) {
    waitFor(() -> !driver.findElements(By.cssSelector("button.instance[data-id='" + id + "']"))
        .isEmpty());
    driver.findElement(By.cssSelector("button.instance[data-id='" + id + "']")).click();
    waitFor(() -> byId("image").getAttribute("data-rendered-url") != null
        && byId("image").getAttribute("data-rendered-url").startsWith("/instances/" + id));
  }

  @SuppressWarnings("unchecked")
  static List<String> renderedRequests() {
    return (List<String>) driver.executeScript("return performance.getEntriesByType('resource')"
        + ".map(e => e.name).filter(n => n.includes('/rendered'))");
  }

  @SuppressWarnings("unchecked")
  static List<List<String>> visibleTagRows() {
    return (List<List<String>>) driver.executeScript("return [...document.querySelectorAll("
        + "'#tag-table tbody tr')].filter(r => !r.hidden).map(r => [...r.cells].slice(0, 4)"
        + ".map(c => c.textContent.replace(/^[▸▾]/, '').trim()))");
  }

  @SuppressWarnings("unchecked")
  static List<String> visibleTagPaths() {
    return (List<String>) driver.executeScript("return [...document.querySelectorAll("
        + "'#tag-table tbody tr')].filter(r => !r.hidden).map(r => r.dataset.path)");
  }

  /** The canvas as drawn, via a lossless PNG export, one gray (red) value per pixel. */
  static int[] canvasGray() throws IOException {
    String dataUrl = (String) ((JavascriptExecutor) driver).executeScript(
        "return document.getElementById('image').toDataURL('image/png')");
    byte[] png = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
    return red(ImageIO.read(new ByteArrayInputStream(png)));
  }

  /** What the page shows is exactly the server's rendering of {@code url}. */
  static void assertCanvasShows(String url) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + url.substring(1))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    BufferedImage expected = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertEquals(expected.getWidth(), Integer.parseInt(byId("image").getDomProperty("width")));
    assertEquals(expected.getHeight(), Integer.parseInt(byId("image").getDomProperty("height")));
    int[] want = red(expected);
    int[] got = canvasGray();
    int worst = 0;
    for (int i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(want[i] - got[i]));
    }
    assertTrue(worst <= 1, "canvas differs from the server's PNG by up to " + worst);
  }

  static int[] red(BufferedImage image) {
    int[] out = new int[image.getWidth() * image.getHeight()];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        // The raster, not getRGB: getRGB would convert linear gray to sRGB and change values.
        out[y * image.getWidth() + x] = image.getRaster().getSample(x, y, 0);
      }
    }
    return out;
  }

  /**
   * Saves the browser window to {@code target/viewer-screenshots/NAME.png}, and also under the
   * folder named by {@code -Dlightbox.viewer.screenshots} (how docs/images is refreshed).
   */
  static void screenshot(String name) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path target = Files.createDirectories(Path.of("target", "viewer-screenshots"));
    Files.write(target.resolve(name + ".png"), png);
    String extra = System.getProperty("lightbox.viewer.screenshots");
    if (extra != null && !extra.isBlank()) {
      Files.write(Files.createDirectories(Path.of(extra)).resolve(name + ".png"), png);
    }
  }

  // --- direct API helpers (independent of the page) ---

  static HttpResponse<byte[]> post(Path file) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "instances"))
        .header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static String problemDetail(HttpResponse<byte[]> r) {
    assertTrue(r.statusCode() >= 400, () -> "expected a refusal, got " + r.statusCode());
    return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject()
        .get("detail").getAsString();
  }

  static void ensureStored(String corpusFile) throws Exception {
    int s = post(Corpus.file(corpusFile)).statusCode();
    assertTrue(s == 200 || s == 201, "upload of " + corpusFile + ": " + s);
    driver.navigate().refresh();
  }

  static int status(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path.substring(1)))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static void deleteIfStored(String... ids) throws Exception {
    for (String id : ids) {
      HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "instances/" + id))
          .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }
    driver.navigate().refresh();
  }
}
