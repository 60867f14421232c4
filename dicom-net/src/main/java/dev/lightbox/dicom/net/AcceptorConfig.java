package dev.lightbox.dicom.net;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How an acceptor answers A-ASSOCIATE-RQ.
 *
 * @param aeTitle this AE's title; requests calling another title are rejected (PS3.8 Table 9-21,
 *     reason 7)
 * @param callingPeerAllowed which requestors (calling AE title and TCP address) may associate
 *     (reason 3 otherwise)
 * @param policy the presentation contexts and transfer syntaxes accepted
 * @param options PDU sizes and timers
 * @param maxAssociations how many associations may be open at once; further requests are
 *     rejected transiently with local-limit-exceeded (PS3.8 Table 9-21, source 3, reason 2)
 */
public record AcceptorConfig(String aeTitle, CallingPeerCheck callingPeerAllowed,
    AcceptancePolicy policy, AssociationOptions options, int maxAssociations) {
  public AcceptorConfig {
    AeTitles.requireValid(aeTitle);
    Objects.requireNonNull(callingPeerAllowed, "callingPeerAllowed");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(options, "options");
    if (maxAssociations < 1) {
      throw new IllegalArgumentException("maxAssociations must be at least 1");
    }
  }

  /** Any calling AE, the standard policy, default options, 32 associations. */
  public static AcceptorConfig of(String aeTitle) {
    return new AcceptorConfig(aeTitle, CallingPeerCheck.ANY, AcceptancePolicy.standard(),
        AssociationOptions.defaults(), 32);
  }

  public AcceptorConfig withOptions(AssociationOptions o) {
    return new AcceptorConfig(aeTitle, callingPeerAllowed, policy, o, maxAssociations);
  }

  public AcceptorConfig withMaxAssociations(int max) {
    return new AcceptorConfig(aeTitle, callingPeerAllowed, policy, options, max);
  }

  /** Restricts requestors by calling AE title alone. */
  public AcceptorConfig withCallingAeAllowed(Predicate<String> allowed) {
    Objects.requireNonNull(allowed, "allowed");
    return withCallingPeerAllowed((ae, address) -> allowed.test(ae));
  }

  /** Restricts requestors by calling AE title and the address they connected from. */
  public AcceptorConfig withCallingPeerAllowed(CallingPeerCheck allowed) {
    return new AcceptorConfig(aeTitle, allowed, policy, options, maxAssociations);
  }

  public AcceptorConfig withPolicy(AcceptancePolicy p) {
    return new AcceptorConfig(aeTitle, callingPeerAllowed, p, options, maxAssociations);
  }
}
