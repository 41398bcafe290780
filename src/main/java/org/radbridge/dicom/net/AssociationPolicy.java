package org.radbridge.dicom.net;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collection;
import java.util.Set;

/**
 * Decides whether an acceptor takes an association (PS3.8 7.1.1.7 result/source/reason): it sees the
 * calling and called AE titles, the remote address and the TLS peer, and answers null (accept) or the
 * A-ASSOCIATE-RJ to send.
 */
@FunctionalInterface
public interface AssociationPolicy {

    /** What the policy sees of an association request. */
    record Request(String callingAE, String calledAE, InetSocketAddress remoteAddress, Principal tlsPeer,
            AAssociateRQ rq) {
    }

    /** Null to accept, else the rejection. */
    AAssociateRJ check(Request request);

    /** Accepts every association. */
    AssociationPolicy ACCEPT_ALL = r -> null;

    /** Accepts only the listed calling AE titles; others get permanent / service-user / calling-AE-not-recognized. */
    static AssociationPolicy callingAETitles(Collection<String> known) {
        Set<String> set = Set.copyOf(known);
        return r -> set.contains(r.callingAE()) ? null : AAssociateRJ.callingAeNotRecognized();
    }
}
