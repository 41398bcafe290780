package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.radbridge.hl7.Segment;
import org.radbridge.mapping.CodeTable;

/**
 * The text of a radiology report (ORU^R01 OBX): DiagnosticReport.presentedForm is every text OBX line (TX, FT, ST,
 * OBX-5 repetitions one line each) as text/plain UTF-8, plus any encapsulated document (ED, base64) as its own
 * attachment; DiagnosticReport.conclusion is the text of the impression OBX (codes/conclusion-codes.yaml). OBX whose
 * code names a Study Instance UID (codes/study-uid-codes.yaml) are not text. HL7 v2-to-FHIR IG: OBX with TX/FT
 * in a report (LinuxForHealth and the IG agree on presentedForm for narrative).
 */
public final class Reports {

    private Reports() {
    }

    static boolean isText(Segment obx) {
        String t = obx.value(2).toUpperCase(Locale.ROOT);
        return t.equals("TX") || t.equals("FT") || t.equals("ST");
    }

    /** True when OBX-3 is listed in the table (code -> coding system name; an empty name matches any system). */
    public static boolean codeIn(Segment obx, CodeTable codes) {
        String code = obx.value(3, 1);
        if (code.isEmpty() || !codes.contains(code)) {
            return false;
        }
        String sys = codes.lookup(code);
        return sys == null || sys.isEmpty() || sys.equalsIgnoreCase(obx.value(3, 3));
    }

    /** The lines of a text OBX: each repetition of OBX-5. */
    static String text(Segment obx) {
        StringBuilder sb = new StringBuilder();
        int n = obx.repetitionCount(5);
        for (int r = 1; r <= n; r++) {
            if (r > 1) {
                sb.append('\n');
            }
            sb.append(Field.clean(obx.value(5, r, 0, 0)));
        }
        return sb.toString();
    }

    /** presentedForm: the report text (all text OBX, in order) and the ED documents. */
    public static ArrayNode presentedForm(List<Segment> obxs, CodeTable studyUidCodes, String title, MapContext ctx) {
        ArrayNode out = FhirJson.array();
        StringBuilder sb = new StringBuilder();
        for (Segment obx : obxs) {
            if (isText(obx) && !codeIn(obx, studyUidCodes)) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(text(obx));
            }
        }
        if (sb.length() > 0) {
            ObjectNode a = out.addObject();
            a.put("contentType", "text/plain; charset=utf-8");
            a.put("data", Base64.getEncoder().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8)));
            FhirJson.put(a, "title", title);
        }
        for (Segment obx : obxs) {
            if (obx.value(2).equalsIgnoreCase("ED") && obx.value(5, 4).equalsIgnoreCase("Base64")) {
                String data = obx.raw(5, 1, 5, 0).replaceAll("\\s", "");
                if (data.length() % 4 != 0 || !data.matches("[A-Za-z0-9+/]+={0,2}")) {
                    if (ctx != null) {
                        ctx.warn("fhir: OBX " + obx.value(1) + " ED data is not valid base64: not attached");
                    }
                } else {
                    ObjectNode a = out.addObject();
                    a.put("contentType", mimeType(obx.value(5, 2), obx.value(5, 3)));
                    a.put("data", data);
                }
            }
        }
        return out;
    }

    /** ED-2 type of data / ED-3 subtype (HL7 tables 0191, 0291) -> a MIME type. */
    static String mimeType(String type, String subtype) {
        String t = type.toLowerCase(Locale.ROOT);
        String s = subtype.toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return "application/octet-stream";
        }
        if (s.contains("/")) {
            return s;
        }
        return switch (t) {
            case "ap", "application" -> "application/" + s;
            case "tx", "text" -> "text/" + s;
            case "im", "image" -> "image/" + s;
            default -> "application/" + s;
        };
    }

    /** conclusion: the text of the OBX whose code is in the conclusion table, joined; null when there is none. */
    public static String conclusion(List<Segment> obxs, CodeTable conclusionCodes) {
        StringBuilder sb = new StringBuilder();
        for (Segment obx : obxs) {
            if (isText(obx) && codeIn(obx, conclusionCodes)) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(text(obx));
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** OBX worth an Observation: coded (CE, CWE, CNE) or numeric (NM, SN) values. */
    public static boolean isObservation(Segment obx) {
        String t = obx.value(2).toUpperCase(Locale.ROOT);
        return t.equals("CE") || t.equals("CWE") || t.equals("CNE") || t.equals("NM") || t.equals("SN");
    }

    /** The Study Instance UID of a report: OBX-5 of the first OBX with a study-uid code, or null. */
    public static String studyUid(List<Segment> obxs, CodeTable studyUidCodes) {
        for (Segment obx : obxs) {
            if (codeIn(obx, studyUidCodes)) {
                String uid = obx.value(5, 1).trim();
                if (uid.length() <= 64 && Oids.isOid(uid)) {
                    return uid;
                }
            }
        }
        return null;
    }
}
