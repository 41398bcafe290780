package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mllp.MllpClient;
import org.radbridge.store.Db;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.store.Tx;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * All 72 messages of ../shared/corpus over MLLP, each as one block: every one gets a well-formed ACK
 * (AA, or AE/AR with an ERR segment), none hangs or crashes the engine, and every one is in the journal
 * with its raw bytes. The six real control-id collisions (same sender and MSH-10, other content) are all
 * processed, none dropped as a duplicate.
 */
class CorpusTest {

    static TestEngine engine;
    static final Map<Path, String> acks = new LinkedHashMap<>();
    static final Map<Path, Long> journalIds = new LinkedHashMap<>();

    @BeforeAll
    static void sendCorpus() throws Exception {
        engine = TestEngine.start();
        Db db = engine.app().engine().context().db();
        for (Path f : ProjectPaths.corpusFiles()) {
            byte[] raw = Files.readAllBytes(f);
            try (MllpClient c = new MllpClient("127.0.0.1", engine.mllpPort(), 5000, 15000, null)) {
                byte[] ack = c.exchange(raw);
                assertNotNull(ack, f + ": no acknowledgement");
                acks.put(f, new String(ack, StandardCharsets.ISO_8859_1));
            }
            journalIds.put(f, db.read(c -> Tx.query(c, "SELECT MAX(id) FROM messages", rs -> rs.getLong(1)).get(0)));
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void everyMessageGetsAWellFormedAck() {
        assertEquals(72, acks.size());
        for (Map.Entry<Path, String> e : acks.entrySet()) {
            String ack = e.getValue();
            String name = e.getKey().getFileName().toString();
            assertTrue(ack.startsWith("MSH"), name + ": ACK does not start with MSH: " + ack);
            Hl7Message m = Hl7Parser.parse(ack);
            assertTrue(m.messageType().startsWith("ACK"), name + ": " + ack);
            String code = m.get("MSA-1");
            assertTrue(code.equals("AA") || code.equals("AE") || code.equals("AR"), name + ": MSA-1 " + code);
            if (!code.equals("AA")) {
                assertNotNull(m.segment("ERR"), name + ": refusal without ERR segment: " + ack);
            }
            String requestControlId = controlIdOf(e.getKey());
            if (requestControlId != null && !name.startsWith("fuzz_") && !name.startsWith("batch_")) {
                assertEquals(requestControlId, m.get("MSA-2"), name + ": MSA-2 is the request's MSH-10");
            }
        }
    }

    @Test
    void everyMessageIsJournaledWithItsRawBytes() throws Exception {
        Journal journal = engine.app().engine().context().journal();
        Db db = engine.app().engine().context().db();
        List<Long> ids = new ArrayList<>(journalIds.values());
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), "one journal entry per received message");
        }
        for (Map.Entry<Path, Long> e : journalIds.entrySet()) {
            JournalRow row = journal.get(db, e.getValue());
            assertArrayEquals(Files.readAllBytes(e.getKey()), row.raw(), e.getKey() + ": raw bytes kept");
            assertFalse(row.ackText() == null || row.ackText().isEmpty(), e.getKey() + ": ACK journaled");
        }
    }

    @Test
    void controlIdCollisionsAreProcessedNotDropped() {
        String[][] groups = {
            {"adt_a01_v23_all_segments_one_line__nodehl7complete.hl7", "adt_a01_v23_trailing_spaces_bom__msfhirconv.hl7"},
            {"adt_a01_v26_msh2_doubled_backslash_literal_r_crlf__lfh.hl7", "adt_a01_v26_msh2_doubled_backslash_literal_r_lf__lfh.hl7"},
            {"adt_a08_v251_veterinary_msh18_single_space__dcm4che_old.hl7", "adt_a31_v251_update_person__dcm4che.hl7"},
            {"batch_fhs_bhs_orm_o01_v24_no_trailers_crlf__mirth.hl7", "orm_o01_v24_mri_unescaped_ampersand_text_dates_crlf__mirth.hl7",
                "orm_o01_v24_whitespace_padded_fields__mirth.hl7"},
            {"orm_o01_v231_mesa_radiology_order__rubyhl7.hl7", "orm_o01_v231_unknown_segments_omg_wtf_bbq__rubyhl7.hl7"},
            {"orm_o01_v26_ct_head_and_mr_brain_two_orders__msfhirconv.hl7", "orm_o01_v26_ct_head_bom_lf__msfhirconv.hl7",
                "orm_o01_v26_lab_plus_mr_brain_file_named_oml__msfhirconv.hl7"}};
        Journal journal = engine.app().engine().context().journal();
        Db db = engine.app().engine().context().db();
        int accepted = 0;
        for (String[] g : groups) {
            int acceptedInGroup = 0;
            for (String file : g) {
                Path p = ProjectPaths.corpus().resolve(file);
                JournalRow row = journal.get(db, journalIds.get(p));
                assertFalse(Journal.DUPLICATE.equals(row.state()), file + " was dropped as a duplicate");
                if ("AA".equals(row.ackCode())) {
                    assertEquals(Journal.PROCESSED, row.state(), file);
                    assertEquals(acceptedInGroup > 0, row.collision(), file + ": collision flag");
                    acceptedInGroup++;
                    accepted++;
                }
            }
        }
        assertTrue(accepted >= 6, "collision members accepted: " + accepted);
    }

    private static String controlIdOf(Path f) {
        try {
            byte[] raw = Files.readAllBytes(f);
            Hl7Message m = Hl7Parser.parse(Hl7Charsets.decode(raw, 0, raw.length, null).text());
            return m.controlId();
        } catch (Exception e) {
            return null;
        }
    }
}
