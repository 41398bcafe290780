package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.mapping.CodeTable;
import org.radbridge.mapping.Hl7Peer;

/**
 * Assigning authority (HL7 HD: namespace id, universal id, universal id type) -> FHIR Identifier.system
 * (FHIR R4 datatypes 2.24.0.11; HL7 v2-to-FHIR IG datatype-cx-to-identifier, CX-4 -> system), with the table
 * mappings/codes/identifier-systems.yaml. A universal id needs no row (ISO -> urn:oid:, UUID -> urn:uuid:, URI as
 * is). A missing authority takes the sender's default issuer for that kind of identifier
 * (options.fhir.default-issuers.&lt;kind&gt; in mappings/peers/hl7-senders.yaml).
 */
public final class IdentifierSystems {

    public static final String FILE = "codes/identifier-systems.yaml";

    private final CodeTable table;
    /** The system of each namespace the table lists, as found (issue 15: two table look-ups per identifier). */
    private final Map<String, String> known = new ConcurrentHashMap<>();
    /** The default issuers of the last sender asked about (its options are read once, not per identifier). */
    private volatile PeerIssuers lastPeer;

    private record PeerIssuers(Hl7Peer peer, Map<String, Optional<String>> byKind) {
    }

    public IdentifierSystems(CodeTable table) {
        this.table = table;
    }

    /** What a lookup found: a system, or why there is none. */
    public record Result(String system, Problem problem, String issuer) {

        public boolean ok() {
            return system != null;
        }
    }

    public enum Problem {
        /** No assigning authority in the value and no default issuer for the sender. */
        MISSING,
        /** A namespace id that identifier-systems.yaml does not list. */
        UNKNOWN
    }

    /** The system of an authority; {@code kind} (patient, visit, practitioner, order, accession) picks the default. */
    public Result system(String namespace, String universalId, String universalIdType, String kind, Hl7Peer peer) {
        String uid = universalId == null ? "" : universalId.trim();
        if (!uid.isEmpty()) {
            String fromUid = fromUniversalId(uid, universalIdType);
            if (fromUid != null) {
                return new Result(fromUid, null, uid);
            }
        }
        String ns = namespace == null ? "" : namespace.trim();
        if (ns.isEmpty()) {
            ns = defaultIssuerOf(peer, kind);
            if (ns == null) {
                return new Result(null, Problem.MISSING, null);
            }
        }
        String s = known.get(ns);
        if (s == null) {
            s = table.contains(ns) ? table.lookup(ns) : null;
            if (s != null && !s.isBlank() && known.size() < 10_000) {
                known.put(ns, s);
            }
        }
        return s == null || s.isBlank() ? new Result(null, Problem.UNKNOWN, ns) : new Result(s, null, ns);
    }

    private String defaultIssuerOf(Hl7Peer peer, String kind) {
        if (peer == null) {
            return null;
        }
        PeerIssuers p = lastPeer;
        if (p == null || p.peer() != peer) {
            p = new PeerIssuers(peer, new ConcurrentHashMap<>());
            lastPeer = p;
        }
        return p.byKind().computeIfAbsent(kind, k -> Optional.ofNullable(defaultIssuer(peer, k))).orElse(null);
    }

    /** ISO OID -> urn:oid:, UUID -> urn:uuid:, URI -> itself (HL7 table 0301); null for other types. */
    static String fromUniversalId(String uid, String type) {
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        if (t.equals("ISO") || t.isEmpty() && Oids.isOid(uid)) {
            return Oids.isOid(uid) ? "urn:oid:" + uid : null;
        }
        if (t.equals("UUID")) {
            return "urn:uuid:" + uid.toLowerCase(Locale.ROOT);
        }
        if (t.equals("URI") || t.equals("URL")) {
            return uid;
        }
        return null;
    }

    /** options.fhir.default-issuers.&lt;kind&gt;, else options.fhir.default-issuers.all; null when neither is set. */
    static String defaultIssuer(Hl7Peer peer, String kind) {
        if (peer == null) {
            return null;
        }
        JsonNode d = peer.node("fhir.default-issuers");
        if (d == null || !d.isObject()) {
            return null;
        }
        JsonNode v = d.get(kind);
        if (v == null || v.asText().isBlank()) {
            v = d.get("all");
        }
        return v == null || v.asText().isBlank() ? null : v.asText().trim();
    }

    /** The refusal for a patient identifier without a usable system (AE, HL7 table 0357). */
    public static Hl7Error refusal(Result r, String path, String what) {
        if (r.problem() == Problem.UNKNOWN) {
            return Hl7Error.content(Hl7Error.Code.TABLE_VALUE_NOT_FOUND, path, "assigning authority " + r.issuer() + " of "
                    + what + " has no FHIR identifier system in mappings/" + FILE);
        }
        return Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, path, what + " has no assigning authority and the "
                + "sender has no default issuer (options.fhir.default-issuers)");
    }
}
