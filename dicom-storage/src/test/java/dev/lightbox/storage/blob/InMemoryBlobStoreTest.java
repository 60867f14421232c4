package dev.lightbox.storage.blob;

class InMemoryBlobStoreTest extends BlobStoreContract {

  @Override
  protected BlobStore createStore() {
    return new InMemoryBlobStore();
  }
}
