package dev.lightbox.storage.testing;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * Runs s3proxy (in-memory backend) on 127.0.0.1:PORT with bucket {@code bench} and credentials
 * {@code bench}/{@code bench-secret} until killed; used by benchmarks/storage-bench.sh.
 */
public final class S3ServerMain {

  private S3ServerMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    TransientNio2BlobStore backend = new TransientNio2BlobStore();
    backend.createContainer("bench");
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(backend)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    System.out.println("s3proxy ready on 127.0.0.1:" + proxy.getPort());
    Thread.currentThread().join();
  }
}
