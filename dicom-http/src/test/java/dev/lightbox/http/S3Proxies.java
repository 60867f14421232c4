package dev.lightbox.http;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** An in-memory S3 endpoint on loopback in the test JVM (it outlives a killed server process). */
public final class S3Proxies {
  private S3Proxies() {}

  public static S3Proxy start(String bucket, String access, String secret) throws Exception {
    TransientNio2BlobStore backend = new TransientNio2BlobStore();
    backend.createContainer(bucket);
    return start(backend, 0, access, secret);
  }

  /**
   * An endpoint on {@code port} (0: any) over {@code backend}: stopping one and starting another
   * on the same port and backend is an S3 outage that ends with every object still there.
   */
  public static S3Proxy start(org.gaul.s3proxy.blobstore.BlobStore backend, int port, String access,
      String secret) throws Exception {
    S3Proxy proxy = S3Proxy.builder().blobStore(backend)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, access, secret).stopTimeout(0).build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return proxy;
  }
}
