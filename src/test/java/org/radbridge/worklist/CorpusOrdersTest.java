package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * The real-world orders of ../shared/corpus (ORM^O01, OMG^O19, OMI^O23 by MSH-9; senders unknown to RadBridge,
 * so role emr: missing identifiers are assigned) each give worklist items or an AE/AR whose reason is named
 * here. Each message is sent to a fresh engine.
 */
@Timeout(600)
class CorpusOrdersTest {

    /** file -> expected outcome: "items N" or "AE|AR <code> <why>". */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // must give worklist items
        EXPECTED.put("omg_o19_v251_ct_order_zds_study_uid__dcm4che.hl7", "items 1");
        EXPECTED.put("omi_o23_msh_but_file_named_orm_o01_v251__dcm4che.hl7", "items 1");       // OMI without IPC: one item from its OBR
        EXPECTED.put("omi_o23_v251_ct_imaging_order_ipc_multi_aet__dcm4che.hl7", "items 1");   // IPC-9 repeats: two station AE titles
        EXPECTED.put("omi_o23_v251_head_ct_ipc_before_obx__dcm4che_old.hl7", "items 1");
        EXPECTED.put("orm_o01_v231_mr_mesa_zds__dcm4che_old.hl7", "items 1");
        // refused, with the reason
        // Modality and Scheduled Station AE Title are Type 1 (PS3.4 Table K.6-1; issue 11 item 13): OBR-24 empty -> AE 101,
        // a diagnostic service section without a station routing rule -> AE 103, both at OBR-24
        EXPECTED.put("orm_o01_v22_ct_biopsy_new_order__hapi.hl7", "AE OBR^1^24^103&Table value not found&HL70357 no station for "
                + "modality A999 in mappings/codes/station-routing.yaml (no rule,...");          // v2.2 OBR-24 "A999"
        EXPECTED.put("orm_o01_v231_mesa_radiology_order__rubyhl7.hl7", "AE OBR^1^24^101&Required field missing&HL70357 OBR-24 "
                + "is empty: no Modality (0008,0060), which a worklist item requires (Typ...");
        EXPECTED.put("orm_o01_v231_unknown_segments_omg_wtf_bbq__rubyhl7.hl7", "AE OBR^1^24^101&Required field missing&HL70357 "
                + "OBR-24 is empty: no Modality (0008,0060), which a worklist item requires (Typ...");
        // v2.6: ERR-3 code, location in ERR-2, no MSA-3 text
        EXPECTED.put("orm_o01_v26_ct_head_and_mr_brain_two_orders__msfhirconv.hl7", "AE 101^Required field missing^HL70357 ");
        EXPECTED.put("orm_o01_v26_ct_head_bom_lf__msfhirconv.hl7", "AE 101^Required field missing^HL70357 ");
        // two groups, a lipid panel and an MR brain, OBR-24 empty in both: nothing a modality could be given
        EXPECTED.put("orm_o01_v26_lab_plus_mr_brain_file_named_oml__msfhirconv.hl7", "AE 101^Required field missing^HL70357 ");
        EXPECTED.put("orm_o01_v22_xr_elbow_cancel_cr__hapi.hl7", "AE ORC^1^1^103&Table value not found&HL70357 order control "
                + "ORC-1 'CR' with order status ORC-5 '' is not in mappings/codes/...");          // CR is a filler's answer, not an order
        EXPECTED.put("orm_o01_v22_xr_knee_change_xr__hapi.hl7", "AE ORC^1^1^103&Table value not found&HL70357 order control "
                + "ORC-1 'XR' with order status ORC-5 '' is not in mappings/codes/...");          // XR likewise
        EXPECTED.put("orm_o01_v24_mri_unescaped_ampersand_text_dates_crlf__mirth.hl7", "AE ORC^1^1^103&Table value not found&HL70357 "
                + "order control ORC-1 'XO' with order status ORC-5 'R' is not in mappings/codes...");  // XO_R is not a known combination
        EXPECTED.put("orm_o01_v23_xray_ankle_hardwrapped_line__nodehl7complete.hl7", "AE ^^^100&Segment sequence error&HL70357 "
                + "line 7 is not a segment: starts with \"8866\\F\\\\F\\\\F\\\\F\\\\F\\\\F\\\\F\\\\F\\\" (a hard-wrapped field or ..."); // refused by intake
        EXPECTED.put("orm_o01_v24_whitespace_padded_fields__mirth.hl7", "AE ^^^100&Segment sequence error&HL70357 "
                + "ORM\\S\\O01 without an order group (ORC): nothing to schedule");            // MSH and PID only
    }

    @Test
    void everyCorpusOrderGivesItemsOrANamedRefusal() throws Exception {
        List<Path> orders = ProjectPaths.corpusFiles().stream().filter(CorpusOrdersTest::isOrder).toList();
        assertEquals(EXPECTED.keySet().stream().sorted().toList(), orders.stream().map(p -> p.getFileName().toString()).sorted().toList(),
                "the corpus orders listed here");
        StringBuilder actual = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (Path p : orders) {
            String name = p.getFileName().toString();
            try (TestEngine e = TestEngine.start()) {
                String ack = e.send(Files.readAllBytes(p));
                String code = Hl7Text.field(ack, "MSA", 1);
                String outcome;
                if ("AA".equals(code)) {
                    List<Attributes> items = DicomJson.readArray(e.get("/api/worklist").body());
                    outcome = "items " + items.size();
                } else {
                    outcome = code + " " + errCode(ack) + " " + Hl7Text.field(ack, "MSA", 3);
                }
                actual.append(name).append(" -> ").append(outcome).append('\n');
                expected.append(name).append(" -> ").append(EXPECTED.get(name)).append('\n');
            }
        }
        System.out.println(actual);
        assertEquals(expected.toString(), actual.toString());
    }

    static String errCode(String ack) {
        String err = Hl7Text.field(ack, "ERR", 3);
        if (err == null || err.isEmpty()) {
            err = Hl7Text.field(ack, "ERR", 1);
        }
        return err == null ? "" : err;
    }

    static boolean isOrder(Path p) {
        try {
            String head = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            int msh = head.indexOf("MSH");
            if (msh < 0 || head.startsWith("FHS") || head.startsWith("BHS")) {
                return false;
            }
            String[] f = head.substring(msh).split("[\r\n]", 2)[0].split("\\|", -1);
            return f.length > 8 && (f[8].startsWith("ORM^") || f[8].startsWith("OMG^") || f[8].startsWith("OMI^"));
        } catch (Exception e) {
            return false;
        }
    }
}
