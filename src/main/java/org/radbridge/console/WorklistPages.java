package org.radbridge.console;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.Sequence;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.worklist.WorklistItem;
import org.radbridge.worklist.WorklistStore;

/**
 * The console's worklist page (issue 12, docs/console.md "Worklist"): the Modality Worklist items by Scheduled
 * Procedure Step Start Date, modality, Scheduled Station AE Title and SPS status, each with its DICOM data set listed
 * by attribute name (PS3.6 data dictionary) as the MWL SCP returns it (PS3.4 K.6.1).
 */
public final class WorklistPages {

    static final List<String> STATUSES = List.of("SCHEDULED", "ARRIVED", "READY", "STARTED", "IN PROGRESS", "COMPLETED",
            "DISCONTINUED");
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private WorklistPages() {
    }

    public static void register(Console console) {
        console.page("/console/worklist", Principal.PHI_READ, WorklistPages::page);
    }

    private static String date(String v) {
        if (v == null) {
            return LocalDate.now(ZoneOffset.UTC).format(DA);
        }
        String d = v.replace("-", "");
        if (d.equalsIgnoreCase("all")) {
            return null;
        }
        if (!d.matches("\\d{8}")) {
            throw new ApiException(400, "Bad request", "date must be YYYY-MM-DD, YYYYMMDD or all");
        }
        return d;
    }

    private static Response page(ConsoleRequest c) {
        String date = date(c.query("date"));
        String modality = c.query("modality") == null ? null : c.query("modality").toUpperCase(Locale.ROOT);
        String station = c.query("station");
        String status = c.query("status") == null ? null : c.query("status").toUpperCase(Locale.ROOT);
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiException(400, "Bad request", "status must be one of " + STATUSES);
        }
        List<WorklistItem> items = new WorklistStore(c.engine().db()).list(new WorklistStore.Filter(modality, station, date, date,
                status == null ? null : List.of(status), null, null, null, 500));
        Html h = new Html().raw("<h1>Worklist</h1>");
        h.f("<form class=\"search\" method=\"get\" action=\"/console/worklist\"><label>Date <input name=\"date\" id=\"date\" "
                + "size=\"10\" value=\"{}\" placeholder=\"YYYYMMDD or all\"></label> <label>Modality <input name=\"modality\" size=\"4\" "
                + "value=\"{}\"></label> <label>Station AE <input name=\"station\" size=\"12\" value=\"{}\"></label> "
                + "<label>Status <select name=\"status\"><option value=\"\">all</option>", date == null ? "all" : date,
                modality == null ? "" : modality, station == null ? "" : station);
        for (String s : STATUSES) {
            h.f("<option{}>{}</option>", new Html().raw(s.equals(status) ? " selected" : ""), s);
        }
        h.raw("</select></label> <button type=\"submit\">Show</button></form>");
        h.f("<p class=\"hint\" id=\"item-count\">{} item(s){}.</p>", items.size(), items.size() >= 500 ? " (first 500)" : "");
        h.raw("<table class=\"grid\" id=\"items\"><thead><tr><th>Start</th><th>Patient</th><th>Accession</th><th>Modality</th>"
                + "<th>Station</th><th>Procedure</th><th>Status</th></tr></thead><tbody>");
        for (WorklistItem it : items) {
            Attributes ds = it.dataset();
            Attributes sps = it.sps();
            String start = sps == null ? "" : sps.getString(org.radbridge.dicom.Tag.ScheduledProcedureStepStartDate, "") + " "
                    + sps.getString(org.radbridge.dicom.Tag.ScheduledProcedureStepStartTime, "");
            h.f("<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"sev {}\">{}</span></td></tr>",
                    start, ds.getString(org.radbridge.dicom.Tag.PatientName, ""), ds.getString(org.radbridge.dicom.Tag.PatientID, ""),
                    MessagePages.accessionLink(ds.getString(org.radbridge.dicom.Tag.AccessionNumber, "")),
                    sps == null ? "" : sps.getString(org.radbridge.dicom.Tag.Modality, ""),
                    sps == null ? "" : String.join(" ", nn(sps.getStrings(org.radbridge.dicom.Tag.ScheduledStationAETitle))),
                    ds.getString(org.radbridge.dicom.Tag.RequestedProcedureDescription, ""),
                    "COMPLETED".equals(it.status()) ? "ok" : "DISCONTINUED".equals(it.status()) ? "critical" : "info", it.status());
            h.raw("<tr class=\"detail\"><td colspan=\"7\"><details><summary>DICOM attributes</summary>");
            dataset(h, ds);
            h.raw("</details></td></tr>");
        }
        h.raw("</tbody></table>");
        return c.page("Worklist", "worklist", h);
    }

    private static String[] nn(String[] s) {
        return s == null ? new String[0] : s;
    }

    /** The data set as a table: tag, keyword, name, VR, value; sequences nested. */
    static void dataset(Html h, Attributes ds) {
        h.raw("<table class=\"grid dicom\"><tbody>");
        for (Attributes.Element e : ds.elements()) {
            int tag = e.tag();
            h.f("<tr><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td>", Dictionary.toString(tag), Dictionary.nameOf(tag),
                    Dictionary.keywordOf(tag), e.vr());
            if (e.value() instanceof Sequence seq) {
                int i = 0;
                for (Attributes item : seq) {
                    h.f("<div class=\"hint\">item {}</div>", ++i);
                    dataset(h, item);
                }
            } else {
                String[] v = ds.getStrings(tag);
                h.text(v == null ? "" : String.join("\\", v));
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
}
