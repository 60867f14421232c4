package dev.lightbox.dicom.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * User Information item (PS3.8 §9.3.2.3, PS3.7 Annex D.3.3): maximum length received (0 means
 * unlimited), implementation class UID and version name, the asynchronous operations window
 * ({@code 0,0} when absent; 0 means unlimited, 1,1 is the default of PS3.7 D.3.3.3) and SCP/SCU role
 * selections. Extended negotiation and user identity sub-items are parsed for length and ignored.
 */
public record UserInformation(long maxPduLength, String implementationClassUid,
    String implementationVersionName, int asyncInvoked, int asyncPerformed,
    List<RoleSelection> roleSelections) {
  public UserInformation {
    Objects.requireNonNull(implementationClassUid, "implementationClassUid");
    Objects.requireNonNull(implementationVersionName, "implementationVersionName");
    roleSelections = List.copyOf(roleSelections);
  }

  /** True when an Asynchronous Operations Window sub-item is present. */
  public boolean hasAsyncWindow() {
    return asyncInvoked != 0 || asyncPerformed != 0;
  }
}
