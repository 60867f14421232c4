package dev.lightbox.storage.blob;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Translates AWS SDK exceptions into {@link StorageException}s whose reason says what failed. */
final class S3Failures {

  private S3Failures() {}

  static StorageException translate(String store, String op, SdkException e) {
    Reason reason = reasonOf(e);
    String what = switch (reason) {
      case TIMEOUT -> "timed out";
      case UNAVAILABLE -> "failed: S3 service unavailable";
      default -> "failed";
    };
    return new StorageException(StorageException.Store.BLOB_STORE, reason,
        store + ": " + op + " " + what + ": " + e.getMessage(), e);
  }

  private static Reason reasonOf(SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return Reason.TIMEOUT;
    }
    if (e instanceof SdkServiceException s) {
      int status = s.statusCode();
      if (status == 500 || status == 502 || status == 503 || status == 504) {
        return Reason.UNAVAILABLE;
      }
      if (status == 507) {
        return Reason.FULL;
      }
      return Reason.IO;
    }
    if (e instanceof SdkClientException) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SocketTimeoutException) {
          return Reason.TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException
            || t instanceof NoRouteToHostException
            || t.getClass().getName().endsWith("NoHttpResponseException")
            || t.getClass().getName().endsWith("HttpHostConnectException")) {
          return Reason.UNAVAILABLE;
        }
      }
      return Reason.UNAVAILABLE;
    }
    return Reason.IO;
  }
}
