package org.radbridge.availability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.radbridge.hl7.Delimiters;
import org.radbridge.hl7.Hl7Escapes;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.hl7.SegmentWriter;
import org.radbridge.notify.Hl7DestinationConfig;
import org.radbridge.notify.StatusMessages;
import org.radbridge.order.ProcedureIds;

/**
 * The "study available" ORU^R01 (HL7 v2.5.1 7.3.1; the shape of IHE RAD-128 Send Imaging Result / RAD-132 Notify of
 * Imaging Results as dcm4chee sends it on study receipt): MSH, the order's PID and PV1 (or, for a study without an
 * order, a PID from the PACS's identifiers and PV1-2 = U), then per requested procedure ORC (SC, CM), OBR (the
 * order's numbers, OBR-4, OBR-7 = study date/time, OBR-18/19/20 accession / requested procedure / SPS, OBR-24
 * modality, OBR-25 result status) and the OBXs: the Study Instance UID (0020,000D), and a viewer URL when the
 * destination has a template. Constants in mappings/to-hl7/study-available.yaml ({@link NotificationConfig.Oru}).
 */
public final class AvailableMessages {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private AvailableMessages() {
    }

    /** What a notification is about: the order (null without one), its steps, the event and the time of sending. */
    public record Notice(Hl7Message order, List<ProcedureIds> procedures, StudyEvent event, ZonedDateTime when) {
    }

    public static String oru(Notice n, NotificationConfig.Oru c, String viewerTemplate, Hl7DestinationConfig dest,
            StatusMessages.Sender from, String controlId) {
        Hl7Message o = n.order();
        Delimiters d = o == null ? Delimiters.STANDARD : o.delimiters();
        StudyEvent e = n.event();
        String ts = TS.format(n.when());
        StringBuilder out = new StringBuilder(1024);
        Segment omsh = o == null ? null : o.msh();
        StringBuilder msh = new StringBuilder("MSH").append(d.field()).append(d.component()).append(d.repetition())
                .append(d.escape()).append(d.subcomponent());
        String[] mshFields = {
            esc(from.application(), d), esc(from.facility(), d),                                         // MSH-3, MSH-4
            dest.application().isEmpty() && omsh != null ? omsh.field(3) : esc(dest.application(), d),    // MSH-5 Receiving Application
            dest.facility().isEmpty() && omsh != null ? omsh.field(4) : esc(dest.facility(), d),          // MSH-6 Receiving Facility
            ts, "",                                                                                      // MSH-7, MSH-8
            "ORU" + d.component() + "R01" + d.component() + "ORU_R01",                                    // MSH-9 Message Type
            esc(controlId, d), omsh == null || omsh.field(11).isEmpty() ? "P" : omsh.field(11), c.version()}; // MSH-10..12
        for (String f : mshFields) {
            msh.append(d.field()).append(f);
        }
        if (omsh != null && !omsh.field(18).isEmpty()) {
            msh.append(String.valueOf(d.field()).repeat(6)).append(omsh.field(18));                       // MSH-18 as the order's
        }
        out.append(msh).append('\r');
        Segment pid = o == null ? null : o.segment("PID");
        out.append(pid != null ? pid.text() : pid(e, d)).append('\r');
        Segment pv1 = o == null ? null : o.segment("PV1");
        out.append(pv1 != null ? pv1.text() : "PV1" + d.field() + "1" + d.field() + "U").append('\r');   // PV1-2 U = unknown
        String studyTs = e.studyDate() + e.studyTime().replaceAll("\\..*", "");
        List<List<ProcedureIds>> groups = StatusMessages.groups(n.procedures());
        if (groups.isEmpty()) {
            groups = List.of(List.of(new ProcedureIds(e.studyInstanceUid(), e.accessionNumber(), e.accessionIssuer(), "", "",
                    "", "", "", "", e.modalities().isEmpty() ? "" : e.modalities().get(0), java.util.Set.of())));
        }
        int setId = 0;
        for (List<ProcedureIds> g : groups) {
            ProcedureIds p = g.get(0);
            List<Segment> og = o == null ? List.of() : StatusMessages.orderGroup(o, p);
            Segment orc = find(og, "ORC");
            Segment obr = find(og, "OBR");
            setId++;
            if (o != null) {
                out.append(new SegmentWriter("ORC", d)
                        .value(1, "SC")                                                   // ORC-1 Order Control: status changed
                        .value(2, p.placerOrderNumber(), p.placerIssuer())                // ORC-2 Placer Order Number
                        .value(3, p.fillerOrderNumber(), p.fillerIssuer())                // ORC-3 Filler Order Number
                        .value(5, "CM")                                                   // ORC-5 Order Status: completed
                        .raw(9, ts)                                                       // ORC-9 Date/Time of Transaction
                        .raw(12, orc == null ? "" : orc.field(12))).append('\r');         // ORC-12 Ordering Provider
            }
            SegmentWriter b = new SegmentWriter("OBR", d)
                    .value(1, String.valueOf(setId))                                      // OBR-1 Set ID
                    .value(2, p.placerOrderNumber(), p.placerIssuer())                    // OBR-2 Placer Order Number
                    .value(3, p.fillerOrderNumber(), p.fillerIssuer())                    // OBR-3 Filler Order Number
                    .value(7, studyTs)                                                    // OBR-7 Observation Date/Time: Study Date + Time
                    .raw(16, obr == null ? "" : obr.field(16))                            // OBR-16 Ordering Provider
                    .value(18, p.accessionNumber())                                       // OBR-18 accession (IHE RAD convention)
                    .value(19, p.requestedProcedureId())                                  // OBR-19 Requested Procedure ID
                    .value(20, p.spsId())                                                 // OBR-20 Scheduled Procedure Step ID
                    .raw(22, ts)                                                          // OBR-22 Results Rpt/Status Chng - Date/Time
                    .value(24, p.modality())                                              // OBR-24 Diagnostic Serv Sect ID (modality)
                    .value(25, c.resultStatus());                                         // OBR-25 Result Status
            if (obr != null && !obr.field(4).isEmpty()) {
                b.raw(4, obr.field(4));                                                   // OBR-4 Universal Service Identifier (order's)
            } else {
                String[] svc = c.noOrderService().split("\\^", -1);
                if (!e.studyDescription().isEmpty() && svc.length > 1) {
                    svc[1] = e.studyDescription();                                       // OBR-4.2 text: Study Description (0008,1030)
                }
                b.value(4, svc);
            }
            out.append(b).append('\r');
            int obx = 1;
            out.append(new SegmentWriter("OBX", d)
                    .value(1, String.valueOf(obx++))                                      // OBX-1 Set ID
                    .value(2, c.studyUidType())                                           // OBX-2 Value Type
                    .code(3, c.studyUidCode())                                            // OBX-3 Observation Identifier
                    .value(5, e.studyInstanceUid())                                      // OBX-5 Study Instance UID (0020,000D)
                    .value(11, c.observationStatus())).append('\r');                      // OBX-11 Observation Result Status
            String url = viewerUrl(viewerTemplate, e);
            if (!url.isEmpty()) {
                out.append(new SegmentWriter("OBX", d)
                        .value(1, String.valueOf(obx))                                    // OBX-1 Set ID
                        .value(2, c.viewerType())                                         // OBX-2 Value Type (RP)
                        .code(3, c.viewerCode())                                          // OBX-3 Observation Identifier
                        .value(5, url)                                                    // OBX-5 RP-1 Pointer: the URL
                        .value(11, c.observationStatus())).append('\r');                  // OBX-11 Observation Result Status
            }
        }
        return out.toString();
    }

    /** A PID of the PACS's identifiers, for a study without an order: PID-3 ID^^^issuer, PID-5, PID-7, PID-8. */
    static String pid(StudyEvent e, Delimiters d) {
        return new SegmentWriter("PID", d)
                .value(1, "1")                                                            // PID-1 Set ID
                .raw(3, e.patientId().isEmpty() ? "" : esc(e.patientId(), d) + d.component() + d.component() + d.component()
                        + esc(e.patientIdIssuer(), d))                                    // PID-3 Patient ID (0010,0020) ^^^ Issuer (0010,0021)
                .raw(5, personName(e.patientName(), d))                                   // PID-5 Patient's Name (0010,0010)
                .value(7, e.patientBirthDate())                                           // PID-7 Patient's Birth Date (0010,0030)
                .value(8, e.patientSex())                                                 // PID-8 Patient's Sex (0010,0040)
                .toString();
    }

    /** DICOM PN family^given^middle^prefix^suffix -> XPN family^given^middle^suffix^prefix (first group only). */
    static String personName(String pn, Delimiters d) {
        if (pn.isEmpty()) {
            return "";
        }
        String[] c = pn.split("=", -1)[0].split("\\^", -1);
        String[] xpn = {at(c, 0), at(c, 1), at(c, 2), at(c, 4), at(c, 3)};
        int last = xpn.length - 1;
        while (last > 0 && xpn[last].isEmpty()) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append(d.component());
            }
            sb.append(esc(xpn[i], d));
        }
        return sb.toString();
    }

    private static String at(String[] a, int i) {
        return i < a.length ? a[i].trim() : "";
    }

    /** The destination's viewer URL with {studyInstanceUid}, {accessionNumber}, {patientId} URL-encoded; "" without a template. */
    static String viewerUrl(String template, StudyEvent e) {
        if (template == null || template.isBlank()) {
            return "";
        }
        return template.replace("{studyInstanceUid}", enc(e.studyInstanceUid()))
                .replace("{accessionNumber}", enc(e.accessionNumber())).replace("{patientId}", enc(e.patientId()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Segment find(List<Segment> group, String id) {
        for (Segment s : group) {
            if (s.is(id)) {
                return s;
            }
        }
        return null;
    }

    private static String esc(String s, Delimiters d) {
        return Hl7Escapes.escape(s == null ? "" : s, d);
    }
}
