package org.radbridge.console;

import java.util.List;
import org.radbridge.audit.AuditEvents;
import org.radbridge.availability.AvailabilityStore;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.procedure.MppsEvent;
import org.radbridge.procedure.MppsRecord;
import org.radbridge.procedure.ProcedureApi;
import org.radbridge.procedure.ProcedureStore;

/**
 * The console's reconciliation page (issue 12, docs/console.md "Reconciliation"): MPPS that matched no scheduled
 * step (docs/procedure-status.md, IHE RAD-7 "unscheduled" and unresolved references) with the link action of POST
 * /api/procedures/{uid}/link (role admin, audited), and studies that matched no order (docs/study-available.md:
 * held or waiting for reconciliation), which the order's arrival releases.
 */
public final class ReconciliationPages {

    private ReconciliationPages() {
    }

    public static void register(Console console) {
        console.page("/console/reconciliation", Principal.PHI_READ, ReconciliationPages::page);
        console.action("/console/reconciliation/mpps/{uid}/link", Principal.ADMIN, ReconciliationPages::link);
    }

    private static Response page(ConsoleRequest c) {
        Html h = new Html().raw("<h1>Reconciliation</h1>");
        List<MppsRecord> mpps = new ProcedureStore(c.engine().db()).list(true, null, 200);
        h.f("<section><h2>MPPS without a scheduled step ({})</h2>", mpps.size());
        h.raw("<table class=\"grid\" id=\"mpps\"><thead><tr><th>Updated (UTC)</th><th>Status</th><th>From</th><th>Patient</th>"
                + "<th>Accession</th><th>Modality</th><th>Study Instance UID</th><th>Case</th><th>Link to a step</th></tr></thead><tbody>");
        for (MppsRecord m : mpps) {
            h.f("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>", Html.time(m.updatedAt()),
                    m.status(), m.callingAe(), m.patientKey(), MessagePages.accessionLink(m.accession()), m.modality(), m.studyUid(),
                    m.caseKind(), m.unresolved() > 0 ? " (" + m.unresolved() + " unresolved)" : "");
            if (c.may(Principal.ADMIN)) {
                h.f("<form class=\"inline\" method=\"post\" action=\"/console/reconciliation/mpps/{}/link\">",
                        new Html().raw(Html.esc(Html.url(m.sopInstanceUid())))).add(c.csrfField());
                h.f("<input name=\"studyUid\" size=\"20\" placeholder=\"Study Instance UID\" value=\"{}\" required> "
                        + "<input name=\"spsId\" size=\"6\" placeholder=\"SPS ID\" required> <input name=\"reason\" size=\"12\" "
                        + "placeholder=\"reason\"> <button type=\"submit\">Link</button></form>", m.studyUid());
            }
            if (m.messageId() != null) {
                h.f(" <a href=\"/console/messages/{}\">journal</a>", m.messageId());
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");

        List<AvailabilityStore.Unmatched> held = new AvailabilityStore(c.engine().db()).openStudies(200);
        h.f("<section><h2>Studies without an order ({})</h2>", held.size());
        h.raw("<p class=\"hint\">Held or waiting for reconciliation per destination; the order's arrival (matching accession or "
                + "Study Instance UID) releases them, or the hold expires.</p>");
        h.raw("<table class=\"grid\" id=\"held\"><thead><tr><th>Since (UTC)</th><th>Study Instance UID</th><th>Destination</th>"
                + "<th>Policy</th><th>State</th><th>Patient</th><th>Accession</th><th>Event</th></tr></thead><tbody>");
        for (AvailabilityStore.Unmatched u : held) {
            h.f("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"sev warn\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    Html.time(u.createdAt()), u.studyUid(), u.destination(), u.policy(), u.state(), u.patientKey(),
                    MessagePages.accessionLink(u.accession()), u.messageId() == null ? new Html()
                            : new Html().f("<a href=\"/console/messages/{}\">{}</a>", u.messageId(), u.messageId()));
        }
        h.raw("</tbody></table></section>");
        return c.page("Reconciliation", "reconciliation", h);
    }

    private static Response link(ConsoleRequest c) {
        ProcedureApi api = c.engine().bean("procedureApi");
        if (api == null) {
            throw new ApiException(404, "Not found", "the procedure-status module is not configured");
        }
        String uid = c.param("uid");
        String study = c.form("studyUid");
        String sps = c.form("spsId");
        if (study == null || sps == null) {
            throw new ApiException(400, "Bad request", "Study Instance UID and SPS ID are both needed");
        }
        MppsEvent done = api.link(uid, study.trim(), sps.trim(), c.form("reason"), c.principal().name(), c.request().remote());
        c.operatorAction("mpps", uid, "link", !done.refused(), AuditEvents.fields("studyInstanceUid", study, "spsId", sps));
        c.flash(done.refused() ? "Link refused: " + done.refusal().getMessage() : "MPPS linked to step " + sps);
        return c.redirect("/console/reconciliation");
    }
}
