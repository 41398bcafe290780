package org.radbridge.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import org.radbridge.fhir.TransactionBundle.Write;
import org.radbridge.fhir.map.DateTimes;
import org.radbridge.fhir.map.Identifiers;
import org.radbridge.fhir.map.MapContext;
import org.radbridge.fhir.map.Scope;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.JournalKeys;
import org.radbridge.mapping.Hl7Peer;

/**
 * What the three flows share: the context of a message (sender, time zone, tables, the Bundle), the Patient of PID,
 * the Encounter of PV1 and the Bundle's summary. Pure: no database, no network; refusals are {@link Hl7Error}s.
 */
public abstract class FhirMapper {

    protected final FhirMappings mappings;
    private final ZoneId defaultZone;
    private final String flow;

    protected FhirMapper(FhirMappings mappings, ZoneId defaultZone, String flow) {
        this.mappings = mappings;
        this.defaultZone = defaultZone;
        this.flow = flow;
    }

    /** The Bundle of a message; {@code in} gives the identifiers earlier flows left (may be null in tests). */
    public abstract Mapped map(Hl7Message m, Hl7Peer peer, Inbound in);

    public String flow() {
        return flow;
    }

    /** The time zone of the last sender mapped (its options are read once, not per message). */
    private volatile PeerZone lastZone;

    private record PeerZone(Hl7Peer peer, ZoneId zone) {
    }

    /** The sender's time zone for v2 times without an offset: options.fhir.timezone, else radbridge.fhir.timezone. */
    protected ZoneId zone(Hl7Peer peer) {
        PeerZone last = lastZone;
        if (last != null && last.peer() == peer && peer != null) {
            return last.zone();
        }
        ZoneId z = zoneOf(peer);
        lastZone = new PeerZone(peer, z);
        return z;
    }

    private ZoneId zoneOf(Hl7Peer peer) {
        String z = peer == null ? null : peer.option("fhir.timezone", null);
        if (z == null || z.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(z.trim());
        } catch (java.time.DateTimeException e) {
            throw Hl7Error.refused(Hl7Error.Code.INTERNAL_ERROR, null, "sender option fhir.timezone is not a time zone: " + z);
        }
    }

    protected MapContext context(Hl7Peer peer, TransactionBundle bundle) {
        return new MapContext(peer, zone(peer), mappings.tables(), bundle, mappings.writes(flow, "Practitioner")
                ? write("Practitioner", false) : Write.CREATE_IF_ABSENT);
    }

    protected Write write(String type, boolean revoked) {
        return mappings.write(flow, type, revoked);
    }

    /** A resource's condition: its first identifier as a search token (null when it has none). */
    protected static String firstIdentifierCondition(ObjectNode resource) {
        JsonNode id = resource.path("identifier").path(0);
        if (id.isMissingNode() || !id.has("value")) {
            return null;
        }
        return Identifiers.query(java.util.List.of(Identifiers.token(id.path("system").asText(), id.path("value").asText())));
    }

    /** The Patient of the message's (first) PID, written as the flow says; sets ref "patient". */
    protected String patient(Scope scope, MapContext ctx, Segment pid) {
        if (pid == null) {
            throw Hl7Error.content(Hl7Error.Code.SEGMENT_SEQUENCE, null, "no PID segment: the FHIR Patient cannot be identified");
        }
        ObjectNode p = mappings.resource("Patient").build(scope, ctx);
        String condition = firstIdentifierCondition(p);
        if (condition == null) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "PID-3", "PID-3 has no patient identifier");
        }
        String url = ctx.bundle().add(p, write("Patient", false), condition);
        ctx.ref("patient", MapContext.reference(url));
        return JournalKeys.patientKey(pid.value(3, 1, 1, 0), pid.value(3, 1, 4, 1));
    }

    /** The Encounter of PV1-19, when it has a usable identifier; sets ref "encounter". */
    protected void encounter(Scope scope, MapContext ctx) {
        ctx.ref("encounter", null);
        if (scope.segment("PV1") == null) {
            return;
        }
        ObjectNode e = mappings.resource("Encounter").build(scope, ctx);
        String condition = firstIdentifierCondition(e);
        if (condition != null) {
            ctx.ref("encounter", MapContext.reference(ctx.bundle().add(e, write("Encounter", false), condition)));
        }
    }

    /** The finished result: Bundle JSON with MSH-7 as timestamp, and the summary "N entries (Type xN, ...)". */
    protected Mapped finish(Hl7Message m, MapContext ctx, String patientKey) {
        TransactionBundle b = ctx.bundle();
        ObjectNode json = b.toJson(DateTimes.instant(m.msh().value(7, 1), ctx.zone()));
        Map<String, Integer> counts = new TreeMap<>();
        b.entries().forEach(e -> counts.merge(e.resourceType(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder("FHIR transaction of ").append(b.entries().size()).append(" entries (");
        counts.forEach((t, n) -> sb.append(t).append(n > 1 ? " x" + n : "").append(", "));
        sb.setLength(sb.length() - 2);
        sb.append(')');
        return new Mapped(json, patientKey, ctx.warnings(), sb.toString());
    }
}
