package dev.lightbox.http.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.viewer.HeadlessChromium;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The OHIF Viewer itself (the built site of the npm package {@code @ohif/app}) against Lightbox as
 * its DICOMweb data source, in headless Chromium, served from another origin (so CORS is real):
 * the study list lists the stored studies, studies open and draw non-blank images (a multi-frame
 * series, a colour JPEG and a JPEG-LS image), scrolling changes the image, and no request to
 * Lightbox fails (its own request metrics). The request paths OHIF made are written to
 * {@code target/ohif-requests.txt} for docs/dicomweb.md.
 */
class OhifViewerTest {
  @TempDir Path data;
  @TempDir Path work;

  @Test
  void ohifListsOpensAndScrollsStudiesServedByLightbox() throws Exception {
    Path dist = NodeTools.require("ohif/package/dist");
    HeadlessChromium.requireInstalled();
    Path multiFrame = Corpus.file("pydicom/pydicom-data/emri_small.dcm");
    Path colour = Corpus.pydicom("SC_rgb_jpeg_dcmtk.dcm");
    Path jls = Corpus.pydicom("MR_small_jpeg_ls_lossless.dcm");
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String siteOrigin = "http://127.0.0.1:" + site.getAddress().getPort();
    try (LightboxServer lightbox = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data).withCorsOrigins(Set.of(siteOrigin)))) {
      String base = lightbox.baseUrl().replaceAll("/$", "").replace("localhost", "127.0.0.1");
      HttpClient http = HttpClient.newHttpClient();
      List<Related.Part> parts = new ArrayList<>();
      for (Path f : List.of(multiFrame, colour, jls)) {
        parts.add(new Related.Part("application/dicom", Files.readAllBytes(f)));
      }
      HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create(base
          + "/dicomweb/studies")).header("Content-Type", Related.contentType())
          .POST(HttpRequest.BodyPublishers.ofByteArray(Related.build(parts))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, stow.statusCode(), stow.body());
      StaticSite.serve(site, dist, appConfig(base));
      site.start();
      ChromeDriver browser = HeadlessChromium.start(work, "--enable-unsafe-swiftshader",
          "--use-angle=swiftshader");
      try {
        browser.get(siteOrigin + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        for (Path f : List.of(multiFrame, colour, jls)) {
          // The study list shows each study's date as dd-MMM-yyyy (and no patient id column).
          String id = java.time.LocalDate.parse(Dcmtk.value(f, "0008,0020"),
              java.time.format.DateTimeFormatter.BASIC_ISO_DATE).format(
              java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy", java.util.Locale.ENGLISH));
          try {
            wait.until(d -> d.findElement(By.tagName("body")).getText().contains(id));
          } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the study list does not show a study of " + id + "; page: "
                + browser.findElement(By.tagName("body")).getText() + "\nrequests: "
                + ((JavascriptExecutor) browser).executeScript("return performance"
                + ".getEntriesByType('resource').map(e => e.name + ' ' + e.responseStatus)"
                + ".join('\\n')"), e);
          }
        }
        assertTrue(browser.findElement(By.tagName("body")).getText().contains("1-3 of 3"));
        for (Path f : List.of(multiFrame, colour, jls)) {
          browser.get(siteOrigin + "/viewer?StudyInstanceUIDs=" + Dcmtk.value(f, "0020,000d"));
          String first = waitForImage(browser, wait);
          assertTrue(nonBlank(browser), "OHIF drew a blank image for " + f.getFileName());
          if (f.equals(multiFrame)) {
            // Mouse wheel over the image: OHIF's default binding scrolls the stack.
            ((JavascriptExecutor) browser).executeScript(
                "const c = document.querySelector('canvas.cornerstone-canvas');"
                + "const r = c.getBoundingClientRect();"
                + "const x = r.left + r.width / 2, y = r.top + r.height / 2;"
                + "const t = document.elementFromPoint(x, y);"
                + "for (let i = 0; i < 3; i++) t.dispatchEvent(new WheelEvent('wheel', {deltaY: 120,"
                + " deltaMode: 0, clientX: x, clientY: y, bubbles: true, cancelable: true}));");
            org.openqa.selenium.WebElement canvas = browser.findElement(
                By.cssSelector("canvas.cornerstone-canvas"));
            new org.openqa.selenium.interactions.Actions(browser).moveToElement(canvas).click()
                .sendKeys(org.openqa.selenium.Keys.ARROW_DOWN)
                .sendKeys(org.openqa.selenium.Keys.ARROW_DOWN).perform();
            String after;
            try {
              after = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
              String h = canvasHash(browser);
              return h != null && !h.equals(first) ? h : null;
            });
            } catch (org.openqa.selenium.TimeoutException e) {
              throw new AssertionError("scrolling did not change the image; requests: "
                  + ((JavascriptExecutor) browser).executeScript("return performance"
                  + ".getEntriesByType('resource').filter(e => e.name.includes('dicomweb'))"
                  + ".map(e => e.name + ' ' + e.responseStatus).join('\\n')")
                  + "\ntext: " + browser.findElement(By.tagName("body")).getText(), e);
            }
            assertNotEquals(first, after, "scrolling the multi-frame series changes the image");
          }
        }
      } finally {
        browser.quit();
        site.stop(0);
      }
      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Set<String> requests = new TreeSet<>();
      // Route templates contain braces themselves: take the label set up to the line's last '}'.
      Matcher m = Pattern.compile("^lightbox_http_requests_total\\{(.*)\\} (\\d+)$",
          Pattern.MULTILINE).matcher(metrics);
      while (m.find()) {
        String labels = m.group(1);
        requests.add(labels + " x" + m.group(2));
        Matcher status = Pattern.compile("status=\"(\\d+)\"").matcher(labels);
        assertTrue(status.find(), labels);
        int code = Integer.parseInt(status.group(1));
        assertTrue(code < 400, "a request OHIF made to Lightbox failed: " + labels);
      }
      Path record = Path.of(System.getProperty("user.dir")).getParent()
          .resolve("target/ohif-requests.txt");
      Files.createDirectories(record.getParent());
      Files.writeString(record, String.join("\n", requests) + "\n", StandardCharsets.UTF_8);
      assertTrue(requests.stream().anyMatch(r -> r.contains("/frames/")), requests.toString());
    }
  }

  private static String appConfig(String lightbox) {
    return "window.config = {\n"
        + "  routerBasename: '/', extensions: [], modes: [], showStudyList: true,\n"
        + "  maxNumberOfWebWorkers: 2, showWarningMessageForCrossOrigin: false,\n"
        + "  showCPUFallbackMessage: false, showLoadingIndicator: true,\n"
        + "  defaultDataSourceName: 'lightbox',\n"
        + "  investigationalUseDialog: { option: 'never' },\n"
        + "  dataSources: [{\n"
        + "    namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',\n"
        + "    sourceName: 'lightbox',\n"
        + "    configuration: {\n"
        + "      friendlyName: 'Lightbox', name: 'lightbox',\n"
        + "      wadoUriRoot: '" + lightbox + "/wado',\n"
        + "      qidoRoot: '" + lightbox + "/dicomweb',\n"
        + "      wadoRoot: '" + lightbox + "/dicomweb',\n"
        + "      qidoSupportsIncludeField: true, imageRendering: 'wadors',\n"
        + "      thumbnailRendering: 'wadors', enableStudyLazyLoad: true,\n"
        + "      supportsFuzzyMatching: true, supportsWildcard: true,\n"
        + "      omitQuotationForMultipartRequest: true,\n"
        + "      bulkDataURI: { enabled: true }\n"
        + "    }\n"
        + "  }]\n"
        + "};\n";
  }

  /** Waits until a viewport canvas shows something and returns its hash. */
  private static String waitForImage(ChromeDriver browser, WebDriverWait wait) {
    try {
      return wait.until(d -> nonBlank(browser) ? canvasHash(browser) : null);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no image drawn; page: "
          + browser.findElement(By.tagName("body")).getText() + "\ncanvases: "
          + ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll"
          + "('canvas')].map(c => c.className + ' ' + c.width + 'x' + c.height).join('; ')")
          + "\nrequests: " + ((JavascriptExecutor) browser).executeScript("return performance"
          + ".getEntriesByType('resource').filter(e => !e.name.includes('bundle'))"
          + ".map(e => e.name + ' ' + e.responseStatus).join('\\n')")
          + "\nconsole: " + browser.manage().logs().get("browser").getAll(), e);
    }
  }

  private static boolean nonBlank(ChromeDriver browser) {
    Object r = ((JavascriptExecutor) browser).executeScript(
        "const c = document.querySelector('canvas.cornerstone-canvas');"
        + "if (!c || !c.width) return false;"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        + "let lo = 255, hi = 0; for (let i = 0; i < d.length; i += 4) {"
        + "  const v = d[i] + d[i + 1] + d[i + 2]; if (v < lo) lo = v; if (v > hi) hi = v; }"
        + "return hi - lo > 30;");
    return Boolean.TRUE.equals(r);
  }

  private static String canvasHash(ChromeDriver browser) {
    Object r = ((JavascriptExecutor) browser).executeScript(
        "const c = document.querySelector('canvas.cornerstone-canvas');"
        + "if (!c || !c.width) return null;"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        + "let h = 0; for (let i = 0; i < d.length; i += 7) { h = (h * 31 + d[i]) | 0; }"
        + "return String(h);");
    return r == null ? null : r.toString();
  }
}
