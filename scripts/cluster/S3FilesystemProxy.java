import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * One s3proxy endpoint (Maven Central org.gaul:s3proxy, the version the tests use) whose objects
 * are files under BASEDIR/BUCKET, so the data outlives the process and a backup is a directory
 * copy. Run by scripts/cluster-test.sh with the classpath of dicom-storage's tests:
 *
 * <pre>java -cp CLASSPATH S3FilesystemProxy.java PORT BASEDIR BUCKET</pre>
 *
 * Credentials come from LIGHTBOX_S3_ACCESS_KEY / LIGHTBOX_S3_SECRET_KEY (never the command line).
 * Prints "s3proxy ready on 127.0.0.1:PORT" once it serves, then runs until killed.
 */
public final class S3FilesystemProxy {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: S3FilesystemProxy PORT BASEDIR BUCKET");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path base = Path.of(args[1]).toAbsolutePath();
    String bucket = args[2];
    Files.createDirectories(base);
    FilesystemNio2BlobStore backend = new FilesystemNio2BlobStore(base.toString());
    if (!Files.isDirectory(base.resolve(bucket))) {
      backend.createContainer(bucket);
    }
    S3Proxy proxy = S3Proxy.builder().blobStore(backend)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
            System.getenv("LIGHTBOX_S3_ACCESS_KEY"), System.getenv("LIGHTBOX_S3_SECRET_KEY"))
        .stopTimeout(0).build();
    proxy.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        System.err.println("s3proxy did not start: " + proxy.getState());
        System.exit(1);
      }
      Thread.sleep(10);
    }
    System.out.println("s3proxy ready on 127.0.0.1:" + proxy.getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
