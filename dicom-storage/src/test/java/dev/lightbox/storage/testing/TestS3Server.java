package dev.lightbox.storage.testing;

import dev.lightbox.storage.blob.S3Config;
import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** A real S3 server (s3proxy, in-memory backend) on 127.0.0.1 with an ephemeral port. */
public final class TestS3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "lightbox-test";
  public static final String SECRET_KEY = "lightbox-test-secret";

  private final S3Proxy proxy;
  private final String bucket;
  private boolean running;

  private TestS3Server(S3Proxy proxy, String bucket) {
    this.proxy = proxy;
    this.bucket = bucket;
  }

  /** Starts a server with one empty bucket. */
  public static TestS3Server start(String bucket) throws Exception {
    TransientNio2BlobStore backend = new TransientNio2BlobStore();
    backend.createContainer(bucket);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(backend)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .stopTimeout(0)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    TestS3Server server = new TestS3Server(proxy, bucket);
    server.running = true;
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Configuration for the store under test: small parts to exercise multipart, short timeouts. */
  public S3Config config() {
    return S3Config.selfHosted(endpoint(), bucket, ACCESS_KEY, SECRET_KEY)
        .withPartSize(S3Config.MIN_PART_SIZE)
        .withTimeout(Duration.ofSeconds(10), 2);
  }

  /** Stops the server (simulating an outage); idempotent. */
  public void stop() throws Exception {
    if (running) {
      running = false;
      proxy.stop();
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
