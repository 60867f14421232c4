package dev.lightbox.storage.blob;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in an S3-compatible bucket under their {@link BlobKey} names.
 *
 * <p>Objects that fit in one part are sent with a single PUT; larger ones with a multipart upload
 * whose parts are buffered one at a time, so memory use is bounded by the part size. S3 makes an
 * object visible only when its PUT or CompleteMultipartUpload succeeds, which gives the atomic
 * visibility the {@link BlobStore} contract asks for. Because the key of streamed content is known
 * only at its end, {@link #put(InputStream)} of a large object uploads to {@code tmp/<uuid>} and
 * then copies server-side onto the content address.
 */
public final class S3BlobStore implements BlobStore {

  private static final String PREFIX = "sha256/";
  private static final String TMP_PREFIX = "tmp/";
  /** CopyObject handles sources up to 5 GiB; beyond that UploadPartCopy is required (S3 API). */
  private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
  private static final long COPY_PART = 1024L * 1024 * 1024;

  private final S3Client s3;
  private final S3Config config;
  private final String bucket;

  private S3BlobStore(S3Client s3, S3Config config) {
    this.s3 = s3;
    this.config = config;
    this.bucket = config.bucket();
  }

  /** Builds a client for {@code config}; the bucket must already exist (see {@link #check}). */
  public static S3BlobStore open(S3Config config) {
    AwsCredentialsProvider credentials = config.accessKeyId().isPresent()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
            config.accessKeyId().get(), config.secretAccessKey().orElseThrow()))
        : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(config.apiCallTimeout()))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build())
        // Checksums only where the API requires them: self-hosted services (s3proxy, older MinIO
        // and Ceph) do not all understand the newer trailing-checksum encodings. Integrity is
        // ensured by our own SHA-256 instead.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(config.apiCallTimeout())
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(config.maxAttempts()).build())
            .build());
    config.endpoint().ifPresent(b::endpointOverride);
    return new S3BlobStore(b.build(), config);
  }

  @Override
  public BlobInfo put(InputStream content) throws StorageException {
    MessageDigest digest = Sha256.newDigest();
    byte[] first = new byte[config.partSize()];
    int n = readFully(content, first);
    if (n < first.length) {
      digest.update(first, 0, n);
      BlobKey key = BlobKey.ofSha256(Sha256.hex(digest));
      return putSmall(key, first, n);
    }
    String tmpKey = TMP_PREFIX + UUID.randomUUID();
    Uploaded up = multipart(tmpKey, first, content, digest, sha -> {});
    BlobKey key = BlobKey.ofSha256(up.sha256());
    try {
      if (!exists(key)) {
        copy(tmpKey, key.value(), up.size());
      }
      return info(key);
    } finally {
      deleteQuietly(tmpKey);
    }
  }

  @Override
  public BlobInfo putFile(Path file, String sha256) throws StorageException {
    BlobKey key = BlobKey.ofSha256(sha256);
    if (exists(key)) {
      return info(key);
    }
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = Sha256.newDigest();
      byte[] first = new byte[config.partSize()];
      int n = readFully(in, first);
      if (n < first.length) {
        digest.update(first, 0, n);
        verify(key, Sha256.hex(digest), file);
        return putSmall(key, first, n);
      }
      multipart(key.value(), first, in, digest, actual -> verify(key, actual, file));
      return info(key);
    } catch (NoSuchFileException e) {
      throw new StorageException(Reason.IO, describe() + ": putFile source " + file + " does not exist", e);
    } catch (IOException e) {
      throw e instanceof StorageException se ? se
          : new StorageException(Reason.IO, describe() + ": reading " + file + " failed: " + e, e);
    }
  }

  private void verify(BlobKey key, String actual, Path file) throws StorageException {
    if (!actual.equals(key.sha256())) {
      throw new StorageException(Reason.INTEGRITY,
          describe() + ": " + file + " has SHA-256 " + actual + ", caller said " + key.sha256());
    }
  }

  private BlobInfo putSmall(BlobKey key, byte[] bytes, int length) throws StorageException {
    try {
      s3.putObject(r -> r.bucket(bucket).key(key.value()).contentLength((long) length),
          RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length));
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "put " + key, e);
    }
    return info(key);
  }

  private interface DigestCheck {
    void check(String sha256) throws StorageException;
  }

  private record Uploaded(long size, String sha256) {}

  /**
   * Uploads {@code first} and then the rest of the stream in parts of {@code first.length} bytes.
   * The object becomes visible only at CompleteMultipartUpload, which runs after {@code check}
   * accepted the digest; any failure aborts the upload so no parts linger.
   */
  private Uploaded multipart(String objectKey, byte[] first, InputStream rest, MessageDigest digest,
      DigestCheck check) throws StorageException {
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(objectKey)).uploadId();
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "start multipart upload of " + objectKey, e);
    }
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buf = first;
      int n = first.length;
      long total = 0;
      for (int partNumber = 1; n > 0; partNumber++) {
        digest.update(buf, 0, n);
        total += n;
        final int pn = partNumber;
        final int len = n;
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId)
                .partNumber(pn).contentLength((long) len),
            RequestBody.fromInputStream(new ByteArrayInputStream(buf, 0, len), len)).eTag();
        parts.add(CompletedPart.builder().partNumber(pn).eTag(etag).build());
        n = readFully(rest, buf);
      }
      String sha = Sha256.hex(digest);
      check.check(sha);
      s3.completeMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
      completed = true;
      return new Uploaded(total, sha);
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "multipart upload of " + objectKey, e);
    } finally {
      if (!completed) {
        try {
          s3.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException ignored) {
          // purgeTemporaries aborts it later
        }
      }
    }
  }

  private void copy(String from, String to, long size) throws StorageException {
    try {
      if (size <= MAX_SINGLE_COPY) {
        s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
        return;
      }
      String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(to)).uploadId();
      boolean completed = false;
      try {
        List<CompletedPart> parts = new ArrayList<>();
        int pn = 1;
        for (long off = 0; off < size; off += COPY_PART, pn++) {
          final int partNumber = pn;
          final String range = "bytes=" + off + "-" + (Math.min(size, off + COPY_PART) - 1);
          String etag = s3.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(from)
              .destinationBucket(bucket).destinationKey(to).uploadId(uploadId)
              .partNumber(partNumber).copySourceRange(range)).copyPartResult().eTag();
          parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        s3.completeMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts)));
        completed = true;
      } finally {
        if (!completed) {
          s3.abortMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(uploadId));
        }
      }
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "copy " + from + " to " + to, e);
    }
  }

  @Override
  public InputStream open(BlobKey key) throws StorageException {
    try {
      return s3.getObject(r -> r.bucket(bucket).key(key.value()));
    } catch (NoSuchKeyException e) {
      throw new BlobNotFoundException(key, describe());
    } catch (SdkException e) {
      throw notFoundOr(key, "open " + key, e);
    }
  }

  @Override
  public InputStream openRange(BlobKey key, long offset, long length) throws StorageException {
    BlobInfo info = info(key);
    Ranges.check(key, offset, length, info.size());
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    // RFC 9110 §14.1.2: byte ranges are inclusive of the last position.
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    try {
      return s3.getObject(r -> r.bucket(bucket).key(key.value()).range(range));
    } catch (NoSuchKeyException e) {
      throw new BlobNotFoundException(key, describe());
    } catch (SdkException e) {
      throw notFoundOr(key, "openRange " + key, e);
    }
  }

  @Override
  public BlobInfo info(BlobKey key) throws StorageException {
    try {
      HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(key.value()));
      return new BlobInfo(key, h.contentLength(), key.sha256(), h.lastModified());
    } catch (SdkException e) {
      throw notFoundOr(key, "info " + key, e);
    }
  }

  @Override
  public boolean exists(BlobKey key) throws StorageException {
    try {
      info(key);
      return true;
    } catch (BlobNotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean delete(BlobKey key) throws StorageException {
    boolean existed = exists(key);
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(key.value()));
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "delete " + key, e);
    }
    return existed;
  }

  @Override
  public Stream<BlobInfo> list() throws StorageException {
    Iterator<S3Object> pages;
    try {
      pages = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(PREFIX)).contents().iterator();
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "list", e);
    }
    // Pages are fetched lazily while the stream is consumed; translate failures there too.
    Iterator<S3Object> translated = new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return pages.hasNext();
        } catch (SdkException e) {
          throw new UncheckedIOException(S3Failures.translate(describe(), "list", e));
        }
      }

      @Override
      public S3Object next() {
        try {
          return pages.next();
        } catch (SdkException e) {
          throw new UncheckedIOException(S3Failures.translate(describe(), "list", e));
        }
      }
    };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(translated, Spliterator.ORDERED), false)
        .filter(o -> BlobKey.isValid(o.key()))
        .map(this::toInfo);
  }

  private BlobInfo toInfo(S3Object o) {
    BlobKey key = BlobKey.parse(o.key());
    return new BlobInfo(key, o.size(), key.sha256(), o.lastModified());
  }

  @Override
  public int purgeTemporaries(Instant olderThan) throws StorageException {
    int removed = 0;
    try {
      for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(TMP_PREFIX)).contents()) {
        if (o.lastModified().isBefore(olderThan)) {
          s3.deleteObject(r -> r.bucket(bucket).key(o.key()));
          removed++;
        }
      }
      for (MultipartUpload u : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads()) {
        if (u.initiated() != null && u.initiated().isBefore(olderThan)) {
          s3.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
          removed++;
        }
      }
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "purgeTemporaries", e);
    } catch (UncheckedIOException e) {
      throw new StorageException(Reason.IO, describe() + ": purgeTemporaries failed: " + e.getCause(), e);
    }
    return removed;
  }

  @Override
  public void check() throws StorageException {
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (SdkException e) {
      throw S3Failures.translate(describe(), "check bucket", e);
    }
  }

  @Override
  public String describe() {
    return "s3:" + config.endpoint().map(u -> u + "/").orElse("") + bucket;
  }

  @Override
  public void close() {
    s3.close();
  }

  private StorageException notFoundOr(BlobKey key, String op, SdkException e) {
    if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404)) {
      return new BlobNotFoundException(key, describe());
    }
    return S3Failures.translate(describe(), op, e);
  }

  private void deleteQuietly(String objectKey) {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(objectKey));
    } catch (SdkException ignored) {
      // purgeTemporaries removes it later
    }
  }

  /** Reads until {@code buf} is full or the stream ends; returns the byte count. */
  private int readFully(InputStream in, byte[] buf) throws StorageException {
    int n = 0;
    try {
      while (n < buf.length) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw new StorageException(Reason.IO, describe() + ": reading content failed after " + n + " bytes: " + e, e);
    }
    return n;
  }
}
