package dev.lightbox.service;

import dev.lightbox.storage.index.InstanceIndex;

/**
 * The tenant a request acts in (docs/security.md): every instance belongs to exactly one, and every
 * service call that reads or changes instances takes it, so that another tenant's instance is
 * indistinguishable from one that does not exist. Under {@code --auth none} everything is
 * {@link #DEFAULT}.
 *
 * @param name 1 to 64 characters (the index's limit)
 */
public record Tenant(String name) {

  /** The tenant of everything stored without access control, and of data from before tenants. */
  public static final Tenant DEFAULT = new Tenant(InstanceIndex.DEFAULT_TENANT);

  public Tenant {
    InstanceIndex.requireTenant(name);
  }

  public static Tenant of(String name) {
    return DEFAULT.name.equals(name) ? DEFAULT : new Tenant(name);
  }

  /**
   * A key for {@code id} (a UID or content hash, neither of which holds ':') that is distinct per
   * tenant, for caches of answers: the tenant's length leads, so no two (tenant, id) pairs share
   * a key whatever characters the tenant name holds. The default tenant's key is the id itself
   * (no allocation on the hot path of {@code --auth none}); every other key holds ':'.
   */
  public String key(String id) {
    return InstanceIndex.DEFAULT_TENANT.equals(name) ? id : name.length() + ":" + name + "/" + id;
  }

  @Override
  public String toString() {
    return name;
  }
}
