package dev.lightbox.storage.blob;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an S3-compatible service (AWS S3, MinIO, Ceph RGW, s3proxy).
 *
 * @param endpoint service URL; empty means AWS's regional endpoint
 * @param region signing region (any value for most non-AWS services, e.g. {@code us-east-1})
 * @param bucket bucket holding the blobs; it must exist
 * @param accessKeyId static credentials; empty means the SDK's default chain (env, profile, IAM)
 * @param secretAccessKey secret for {@code accessKeyId}
 * @param pathStyle {@code http://host/bucket/key} addressing, needed by most self-hosted services
 * @param partSize multipart part size in bytes (5 MiB … 5 GiB); objects up to one part use a single PUT
 * @param apiCallTimeout limit for one whole API call including retries
 * @param maxAttempts attempts per call including the first (1 disables retries)
 */
public record S3Config(
    Optional<URI> endpoint,
    String region,
    String bucket,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    boolean pathStyle,
    int partSize,
    Duration apiCallTimeout,
    int maxAttempts) {

  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  public S3Config {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket name is empty");
    }
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException("S3 access key id and secret must be given together");
    }
    // S3 multipart limits: parts of at least 5 MiB except the last (AWS S3 API, UploadPart).
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("S3 part size " + partSize + " is below the minimum " + MIN_PART_SIZE);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("S3 maxAttempts " + maxAttempts + " must be at least 1");
    }
  }

  /** A configuration for a self-hosted service: static credentials, path-style, default part size. */
  public static S3Config selfHosted(URI endpoint, String bucket, String accessKeyId, String secretAccessKey) {
    return new S3Config(Optional.of(endpoint), "us-east-1", bucket, Optional.of(accessKeyId),
        Optional.of(secretAccessKey), true, DEFAULT_PART_SIZE, Duration.ofSeconds(60), 3);
  }

  public S3Config withPartSize(int bytes) {
    return new S3Config(endpoint, region, bucket, accessKeyId, secretAccessKey, pathStyle, bytes, apiCallTimeout, maxAttempts);
  }

  public S3Config withTimeout(Duration timeout, int attempts) {
    return new S3Config(endpoint, region, bucket, accessKeyId, secretAccessKey, pathStyle, partSize, timeout, attempts);
  }
}
