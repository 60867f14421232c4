package dev.lightbox.service;

import dev.lightbox.dicom.data.InvalidTagPathException;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.pixel.PixelDataException;
import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.ingest.ConcurrentChangeException;
import dev.lightbox.storage.ingest.ConflictException;

/**
 * The one translation of dicom-core's and dicom-storage's exceptions into service outcomes. Every
 * service method ends in it, so callers see {@link ServiceException} (or an unchecked programming
 * error) and nothing else.
 */
public final class Failures {
  private Failures() {}

  /** The service outcome for {@code t}; an unknown exception is {@link Failure#INTERNAL}. */
  public static ServiceException translate(Throwable t) {
    if (t instanceof ServiceException e) {
      return e;
    }
    if (t instanceof DicomParseException e) {
      Failure f = e.reason() == DicomParseException.Reason.NOT_DICOM
          ? Failure.NOT_DICOM : Failure.MALFORMED_DICOM;
      return new ServiceException(f, e.getMessage(), e.tagPath(), e.offset(), e);
    }
    if (t instanceof PixelDataException e) {
      Failure f = switch (e.reason()) {
        case FRAME_OUT_OF_RANGE -> Failure.FRAME_OUT_OF_RANGE;
        case NO_PIXEL_DATA -> Failure.NO_PIXEL_DATA;
        case UNSUPPORTED_TRANSFER_SYNTAX -> Failure.UNSUPPORTED_TRANSFER_SYNTAX;
        case LIMIT_EXCEEDED -> Failure.LIMIT_EXCEEDED;
        case INVALID_IMAGE, CORRUPT -> Failure.INVALID_PIXEL_DATA;
      };
      return new ServiceException(f, e.getMessage(), e);
    }
    if (t instanceof InvalidTagPathException e) {
      return new ServiceException(Failure.INVALID_TAG_PATH, e.getMessage(), e);
    }
    if (t instanceof ConflictException e) {
      return new ServiceException(Failure.CONFLICT, e.getMessage(), e);
    }
    if (t instanceof ConcurrentChangeException e) {
      return new ServiceException(Failure.CONCURRENT_CHANGE, e.getMessage(), e);
    }
    if (isGone(t)) {
      // The row was found, then a concurrent DELETE removed the instance before its file was
      // opened: the instance is gone, as it would be for a request a moment later.
      return new ServiceException(Failure.INSTANCE_NOT_FOUND, "the instance was deleted while "
          + "this request was reading it", t);
    }
    if (t instanceof StorageException e) {
      Failure f = switch (e.reason()) {
        case UNAVAILABLE, TIMEOUT -> Failure.STORAGE_UNAVAILABLE;
        case FULL -> Failure.STORAGE_FULL;
        default -> Failure.INTERNAL;
      };
      if (f == Failure.STORAGE_UNAVAILABLE && e.store().isPresent()) {
        Store store = store(e.store().get());
        // The storage message names hosts, paths and driver text: the operator's log has it
        // (through the cause); clients learn which store is down and that it is temporary.
        return ServiceException.storeUnavailable(store, unavailable(store, e.reason()), e);
      }
      return new ServiceException(f, e.getMessage(), e);
    }
    if ((t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException)
        && t.getCause() instanceof StorageException cause) {
      return translate(cause); // a store failure surfacing through a ByteSource read or a stream
    }
    return new ServiceException(Failure.INTERNAL, String.valueOf(t.getMessage()), t);
  }

  private static Store store(StorageException.Store store) {
    return switch (store) {
      case INDEX -> Store.INDEX;
      case BLOB_STORE -> Store.BLOB_STORE;
    };
  }

  /** The client-facing words for an outage of {@code store}. */
  static String unavailable(Store store, StorageException.Reason reason) {
    return "the " + store.label() + (reason == StorageException.Reason.TIMEOUT
        ? " did not answer in time" : " cannot be reached")
        + "; retry later";
  }

  private static boolean isGone(Throwable t) {
    Throwable cause = t instanceof java.io.IOException && t.getCause() instanceof StorageException s
        ? s : t;
    return (cause instanceof StorageException s && s.reason() == StorageException.Reason.NOT_FOUND)
        || cause instanceof java.nio.file.NoSuchFileException;
  }
}
