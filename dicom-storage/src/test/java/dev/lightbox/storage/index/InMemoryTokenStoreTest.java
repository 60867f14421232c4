package dev.lightbox.storage.index;

class InMemoryTokenStoreTest extends TokenStoreContract {
  @Override
  protected TokenStore open() {
    return new InMemoryTokenStore();
  }
}
