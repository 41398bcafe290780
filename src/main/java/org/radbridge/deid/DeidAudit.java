package org.radbridge.deid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.radbridge.audit.AuditEvent;

/**
 * The audit record of one de-identification (design.md §6, 45 CFR 164.312(b)): profile and version,
 * legal basis and citation, key id (or "surrogate-table"), format, target, DICOM options, the restricted
 * ZIP3 list applied, and counts of actions and of identifiers taken out of free text — never a removed or
 * replaced value. The patient key is left out for the same reason: the record points at the outbox entry,
 * whose transmission records carry it.
 */
public final class DeidAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeidAudit() {
    }

    /** Details as JSON. */
    public static String detail(Deidentifier.Result r, String target, String source) {
        ObjectNode n = JSON.createObjectNode();
        Profile p = r.profile();
        n.put("profile", p.name());
        n.put("profileVersion", p.version());
        n.put("legalBasis", p.legalBasis().code());
        n.put("citation", p.legalBasis().citation());
        n.put("keyId", r.keyId());
        n.put("format", r.format().name().toLowerCase(java.util.Locale.ROOT));
        if (target != null) {
            n.put("target", target);
        }
        if (source != null) {
            n.put("source", source);
        }
        if (p.dicom() != null && r.format() == Payloads.Format.DICOM) {
            var opts = n.putArray("dicomOptions");
            p.dicom().options().forEach(o -> opts.add(o.key()));
        }
        n.put("zip3List", p.zip3().version());
        ObjectNode counts = n.putObject("counts");
        r.counts().actions().forEach(counts::put);
        ObjectNode text = n.putObject("textRemoved");
        r.counts().text().forEach(text::put);
        return n.toString();
    }

    /** The audit event of a de-identified destination's delivery. */
    public static AuditEvent event(Deidentifier.Result r, DeidJob job) {
        return new AuditEvent(AuditEvent.DEIDENTIFICATION, AuditEvent.SUCCESS, "radbridge", job.target().name(), null,
                "outbox-entry", String.valueOf(job.entry().id()), detail(r, job.target().name(), job.target().source()));
    }

    /** The audit event of `radbridge deid` on the command line. */
    public static AuditEvent commandLine(Deidentifier.Result r, String user, String file) {
        return new AuditEvent(AuditEvent.DEIDENTIFICATION, AuditEvent.SUCCESS, "cli:" + user, "radbridge deid", null,
                "file", file, detail(r, null, null));
    }
}
