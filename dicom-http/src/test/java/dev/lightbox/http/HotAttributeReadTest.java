package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.handler.AttributeHandler;
import dev.lightbox.http.handler.AttributesHandler;
import dev.lightbox.http.handler.HotAttributeHandler;
import dev.lightbox.http.support.ErrorMapping;
import dev.lightbox.http.support.Router;
import dev.lightbox.service.OperationTimer;
import dev.lightbox.service.ServiceConfig;
import dev.lightbox.service.Services;
import dev.lightbox.service.metadata.HotAttributes;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-attribute answers kept in memory are sent from the I/O thread (issue 13) with exactly the
 * bytes and headers of the worker path; whatever the I/O thread cannot answer identically (first
 * reads, gzip, refusals, bodies) reaches the worker path. The worker path is counted, so a request
 * that did not reach it was answered on the I/O thread.
 */
class HotAttributeReadTest {
  static final String CT_ID = LightboxServerTest.CT_ID;
  static final String RTPLAN_ID = LightboxServerTest.RTPLAN_ID;
  /** Entity headers both paths must send alike (Date and X-Request-Id differ by nature). */
  static final List<String> SAME_HEADERS = List.of("content-type", "content-length", "vary",
      "content-encoding");

  @TempDir Path data;
  Services services;
  Undertow undertow;
  TestClient client;
  final AtomicInteger toWorker = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    services = Services.open(ServiceConfig.defaults().withDataDir(data)
        .withDurability("relaxed"), OperationTimer.NONE);
    for (String file : List.of("CT_small.dcm", "rtplan.dcm")) {
      try (InputStream in = Files.newInputStream(Corpus.pydicom(file))) {
        services.ingest().ingest(dev.lightbox.service.Tenant.DEFAULT, in, false);
      }
    }
    HotAttributes kept = AttributeHandler.keptAnswers(services.metadata());
    HttpHandler worker = new BlockingHandler(ErrorMapping.wrap(new Router()
        .get(AttributesHandler.ROUTE, dev.lightbox.http.support.Access.READ,
            new AttributesHandler(services.metadata(), kept))
        .get("/instances/{id}/attributes/{tagPath*}", dev.lightbox.http.support.Access.READ,
            new AttributeHandler(kept))));
    undertow = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(new HotAttributeHandler(kept, exchange -> {
          toWorker.incrementAndGet();
          worker.handleRequest(exchange);
        })).build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    client = new TestClient("http://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() {
    undertow.stop();
    services.close();
  }

  private static void assertSameAnswer(HttpResponse<byte[]> worker, HttpResponse<byte[]> hot) {
    assertEquals(worker.statusCode(), hot.statusCode());
    for (String h : SAME_HEADERS) {
      assertEquals(worker.headers().allValues(h), hot.headers().allValues(h), h);
    }
    assertArrayEquals(worker.body(), hot.body());
  }

  @Test
  void aKeptAnswerIsSentFromTheIoThreadExactlyAsTheWorkerSentIt() throws Exception {
    String path = "/instances/" + CT_ID + "/attributes/PatientName";
    HttpResponse<byte[]> first = client.get(path);
    assertEquals(200, first.statusCode());
    assertEquals(1, toWorker.get());
    assertEquals("application/json", first.headers().firstValue("Content-Type").orElse(""));
    // pydicom's CT_small.dcm: (0010,0010) PN "CompressedSamples^CT1" (dcmdump)
    assertTrue(new String(first.body()).contains("\"Alphabetic\":\"CompressedSamples^CT1\""),
        new String(first.body()));
    HttpResponse<byte[]> second = client.get(path);
    assertEquals(1, toWorker.get(), "the second answer must not need a worker");
    assertSameAnswer(first, second);
    HttpResponse<byte[]> head = client.send(client.request(path)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(1, toWorker.get());
    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
    assertEquals(first.headers().allValues("content-length"),
        head.headers().allValues("content-length"));
  }

  @Test
  void largeAnswersForGzipClientsAreCompressedOnAWorker() throws Exception {
    String path = "/instances/" + RTPLAN_ID + "/attributes/BeamSequence";
    HttpResponse<byte[]> gz1 = client.get(path, "Accept-Encoding", "gzip");
    HttpResponse<byte[]> gz2 = client.get(path, "Accept-Encoding", "gzip");
    assertEquals(2, toWorker.get());
    assertSameAnswer(gz1, gz2);
    assertEquals("gzip", gz2.headers().firstValue("Content-Encoding").orElse(""));
    HttpResponse<byte[]> plain = client.get(path);
    assertEquals(2, toWorker.get(), "the same answer uncompressed is sent from memory");
    assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz2.body()))) {
      assertArrayEquals(plain.body(), in.readAllBytes());
    }
    assertTrue(plain.body().length >= 512, "BeamSequence must be large enough to be gzipped");
  }

  @Test
  void refusalsAndDeletedInstancesAlwaysTakeTheWorkerPath() throws Exception {
    String bad = "/instances/" + CT_ID + "/attributes/NoSuchKeyword";
    String absent = "/instances/" + CT_ID + "/attributes/00400275";
    String present = "/instances/" + CT_ID + "/attributes/Modality";
    assertEquals(400, client.get(bad).statusCode());
    assertEquals(404, client.get(absent).statusCode());
    assertEquals(200, client.get(present).statusCode());
    assertEquals(3, toWorker.get());
    assertEquals(400, client.get(bad).statusCode());
    assertEquals(404, client.get(absent).statusCode());
    assertEquals(200, client.get(present).statusCode());
    assertEquals(5, toWorker.get(), "refusals again on a worker, the kept answer not");
    int before = toWorker.get();
    services.catalog().delete(dev.lightbox.service.Tenant.DEFAULT, CT_ID);
    HttpResponse<byte[]> gone = client.get("/instances/" + CT_ID + "/attributes/Modality");
    assertEquals(404, gone.statusCode());
    assertEquals(ErrorMapping.PROBLEM_JSON, gone.headers().firstValue("Content-Type").orElse(""));
    assertTrue(new String(gone.body()).contains("/problems/instance-not-found"));
    assertEquals(before + 1, toWorker.get());
  }

  @Test
  void requestsWithABodyOrAnotherMethodGoOn() throws Exception {
    String path = "/instances/" + CT_ID + "/attributes/Modality";
    client.get(path);
    int before = toWorker.get();
    client.send(client.request(path).method("GET",
        HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build());
    client.send(client.request(path).DELETE().build());
    client.send(client.request("/instances/" + CT_ID + "/attributes")
        .method("PUT", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(before + 3, toWorker.get());
  }

  @Test
  void aKeptWholeDatasetIsTheStreamedDocumentSentFromTheIoThread() throws Exception {
    String path = "/instances/" + CT_ID + "/attributes";
    // The answer as the worker streamed it before whole-dataset answers were kept.
    java.io.StringWriter streamed = new java.io.StringWriter();
    com.google.gson.stream.JsonWriter out = new com.google.gson.stream.JsonWriter(streamed);
    out.setSerializeNulls(true);
    services.metadata().attributes(dev.lightbox.service.Tenant.DEFAULT, CT_ID, tag -> "/instances/" + CT_ID + "/bulk/" + tag)
        .writeTo(out);
    out.flush();
    HttpResponse<byte[]> first = client.get(path);
    assertEquals(200, first.statusCode());
    assertEquals(1, toWorker.get());
    assertEquals("application/dicom+json", first.headers().firstValue("Content-Type").orElse(""));
    assertEquals(streamed.toString(), new String(first.body(), StandardCharsets.UTF_8));
    // pydicom's CT_small.dcm: (0028,0010) US 128 (dcmdump)
    assertTrue(new String(first.body()).contains("\"00280010\":{\"vr\":\"US\",\"Value\":[128]}"),
        new String(first.body()));
    HttpResponse<byte[]> second = client.get(path);
    assertEquals(1, toWorker.get(), "the second answer must not need a worker");
    assertSameAnswer(first, second);
    client.get(path + "?tag=Rows");
    assertEquals(2, toWorker.get(), "a selection is answered on a worker");
    services.catalog().delete(dev.lightbox.service.Tenant.DEFAULT, CT_ID);
    assertEquals(404, client.get(path).statusCode());
    assertEquals(3, toWorker.get(), "a deleted instance's kept dataset is gone");
  }
}
