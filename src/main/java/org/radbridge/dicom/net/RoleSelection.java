package org.radbridge.dicom.net;

/**
 * SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4). Parsed and tolerated; the acceptor does not answer
 * it, which leaves the default roles (requestor SCU, acceptor SCP).
 */
public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {
}
