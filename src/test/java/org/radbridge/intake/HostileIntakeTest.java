package org.radbridge.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mllp.MllpClient;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, intake items 1, 5, 6 and 8 over MLLP against the real engine: control ids that carry MLLP framing
 * bytes, 10 MB of field repetitions, 40 KB dotted identifiers, charsets that are not HL7 table 0211 names,
 * batches, and invented message types in /metrics. Each answer must be one well-formed frame, in time, with
 * at most one WARN/ERROR log line and a bounded stack trace.
 */
class HostileIntakeTest {

    static final int MAX_REPETITIONS = 100_000; // raised so that the mapping paths see 50,000 repetitions
    static TestEngine engine;
    static String order;
    ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(Map.of("radbridge.hl7.max-repetitions", String.valueOf(MAX_REPETITIONS)));
        order = Files.readString(ProjectPaths.project().resolve("test-messages/orm-o01-ris-new-ct/message.hl7"),
                StandardCharsets.ISO_8859_1);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    static String adt(String controlId, String msh18) {
        return "MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + controlId + "|P|2.5||||||" + msh18
                + "\rEVN|A08\rPID|1||P1^^^HOSP^MR||DOE^JOHN\r";
    }

    /** The order of test-messages/orm-o01-ris-new-ct with its identifiers made unique by {@code n}. */
    static String order(String n) {
        return order.replace("1001", n);
    }

    static void assertOneFrame(byte[] ack) {
        assertNotNull(ack, "no acknowledgement");
        for (int i = 0; i < ack.length; i++) {
            byte b = ack[i];
            assertTrue(b != 0x00 && b != 0x0B && b != 0x1C, "raw framing byte 0x" + Integer.toHexString(b) + " at " + i);
        }
        assertTrue(new String(ack, StandardCharsets.ISO_8859_1).startsWith("MSH|"), "ACK starts with MSH| in an ASCII-compatible charset");
    }

    /** The HL7 table 0357 code: ERR-3.1 (v2.5+) or ERR-1.4.1 (ELD, v2.1-2.4). */
    static String errorCode(Hl7Message m) {
        if (m.segment("ERR") == null) {
            return "";
        }
        String c = m.get("ERR-3.1");
        return c.isEmpty() ? m.get("ERR-1.4.1") : c;
    }

    static Hl7Message parse(byte[] ack) {
        return Hl7Parser.parse(new String(ack, StandardCharsets.ISO_8859_1));
    }

    /** At most one WARN/ERROR line for the message, and no stack trace longer than a few dozen frames. */
    void assertQuietLog(String what) {
        List<ILoggingEvent> loud = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertTrue(loud.size() <= 1, what + ": " + loud.size() + " WARN/ERROR lines: " + loud);
        for (ILoggingEvent e : logs.list) {
            int frames = 0;
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                frames += t.getStackTraceElementProxyArray().length;
            }
            assertTrue(frames <= 300, what + ": a stack trace of " + frames + " frames was logged");
        }
    }

    // ---- item 1: ACK framing ----

    @Test
    void controlIdsWithFramingBytesAreEscapedAndTheConnectionStaysInStep() throws Exception {
        String[] sent = {"\\X1C\\FS-IN-CID", "\\X0B\\\\X00\\\\X0D\\VT-NUL-CR", "RAW\u0000\u0001\u007fCID", "NEXT-1"};
        String[] decoded = {"\u001cFS-IN-CID", "\u000b\u0000\rVT-NUL-CR", "RAW\u0000\u0001\u007fCID", "NEXT-1"};
        try (MllpClient c = engine.client()) {
            for (int i = 0; i < sent.length; i++) {
                byte[] ack = c.exchange(adt(sent[i], "").getBytes(StandardCharsets.ISO_8859_1));
                assertOneFrame(ack);
                Hl7Message m = parse(ack);
                assertEquals("AA", m.get("MSA-1"), new String(ack, StandardCharsets.ISO_8859_1));
                assertEquals(decoded[i], m.get("MSA-2"), "MSA-2 of message " + (i + 1) + " is its own control id");
            }
        }
    }

    // ---- item 5: repetitions ----

    @Test
    void tenMegabytesOfRepetitionsAreAnsweredWithinSeconds() throws Exception {
        StringBuilder sb = new StringBuilder(adt("REP-10MB", "").replace("PID|1||P1^^^HOSP^MR", "PID|1||P1^^^HOSP^MR"));
        int pid3 = sb.indexOf("P1^^^HOSP^MR") + "P1^^^HOSP^MR".length();
        StringBuilder reps = new StringBuilder(10_300_000);
        while (reps.length() < 10_000_000) {
            reps.append("~R^^^HOSP^MR");
        }
        sb.insert(pid3, reps);
        byte[] msg = sb.toString().getBytes(StandardCharsets.US_ASCII);
        assertTrue(msg.length < 10_485_760, "within radbridge.mllp.max-message-bytes");
        long t0 = System.nanoTime();
        byte[] ack;
        try (MllpClient c = engine.client()) {
            ack = c.exchange(msg);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("HostileIntakeTest: " + msg.length + " bytes with " + (reps.length() / 12) + " PID-3 repetitions answered in " + ms + " ms");
        assertOneFrame(ack);
        Hl7Message m = parse(ack);
        assertEquals("AR", m.get("MSA-1"));
        assertEquals("REP-10MB", m.get("MSA-2"));
        assertEquals("104", m.get("ERR-3.1"), "0357 code 104 (value too long: too many repetitions)");
        assertEquals("PID^1^3^" + (MAX_REPETITIONS + 1), m.segment("ERR").field(2));
        assertTrue(ms < 10_000, "answered in " + ms + " ms");
        assertQuietLog("10 MB of repetitions");
    }

    @Test
    void threeHundredThousandRepetitionsAreRefusedAndTheEngineGoesOn() throws Exception {
        String msg = adt("REP-300K", "").replace("PID|1||P1^^^HOSP^MR", "PID|1||P1^^^HOSP^MR" + "~1".repeat(300_000));
        long t0 = System.nanoTime();
        byte[] ack;
        try (MllpClient c = engine.client()) {
            ack = c.exchange(msg.getBytes(StandardCharsets.US_ASCII));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("HostileIntakeTest: 300,000 repetitions answered in " + ms + " ms");
            assertOneFrame(ack);
            assertEquals("AR", parse(ack).get("MSA-1"));
            assertTrue(ms < 10_000, "answered in " + ms + " ms");
            byte[] next = c.exchange(adt("AFTER-300K", "").getBytes(StandardCharsets.US_ASCII));
            assertEquals("AA", parse(next).get("MSA-1"));
            assertEquals("AFTER-300K", parse(next).get("MSA-2"));
        }
    }

    /** Under the limit every mapping (worklist, FHIR, journal keys) reads all 50,000 repetitions in linear time. */
    @Test
    void fiftyThousandRepetitionsGoThroughTheMappingsInLinearTime() throws Exception {
        String msg = order("7501").replace("PAT7501^^^HOSP^MR", "PAT7501^^^HOSP^MR" + "~X^^^HOSP^MR".repeat(50_000));
        long t0 = System.nanoTime();
        byte[] ack;
        try (MllpClient c = new MllpClient("127.0.0.1", engine.mllpPort(), 5000, 60_000, null)) {
            ack = c.exchange(msg.getBytes(StandardCharsets.ISO_8859_1));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("HostileIntakeTest: order with 50,001 PID-3 repetitions processed in " + ms + " ms");
        assertOneFrame(ack);
        assertEquals("AA", parse(ack).get("MSA-1"), new String(ack, StandardCharsets.ISO_8859_1));
        assertTrue(ms < 10_000, "processed in " + ms + " ms");
        assertQuietLog("50,000 repetitions");
    }

    // ---- item 6: long dotted identifiers, error boundary ----

    /**
     * 40 KB dotted values: an issuer OID that long is no OID (ignored, the namespace id is used); a Study
     * Instance UID is a data type error (AE 102); an identifier that long is AE 104 "Value too long" at its
     * field (cutting it to a DICOM length would make two orders share what is left). Never AR 207.
     */
    @Test
    void fortyKilobyteDottedIdentifiersGetAClearAnswerAndOneLogLineAtMost() throws Exception {
        String uid = "1.2" + ".3".repeat(20_000);
        String[][] probes = {
            {"issuer OID in PID-3.4.2", order("7601").replace("PAT7601^^^HOSP^MR", "PAT7601^^^HOSP&" + uid + "&ISO^MR"), "AA", "", ""},
            {"placer order universal id ORC-2.3", order("7602").replace("PLC7602^DEMO_EMR|", "PLC7602^DEMO_EMR^" + uid + "^ISO|"), "AA", "", ""},
            {"Study Instance UID in ZDS-1", order("7603").replace("1.2.826.0.1.3680043.10.543.7603", uid), "AE", "102", "ZDS^1^1^"},
            {"accession OBR-18", order("7604").replace("ACC7604", uid), "AE", "104", "OBR^1^18^"},
            {"patient id PID-3.1", order("7605").replace("PAT7605", uid), "AE", "104", "PID^1^3^"},
            {"placer order number ORC-2.1", order("7606").replace("PLC7606", uid), "AE", "104", "ORC^1^2^"},
        };
        for (String[] p : probes) {
            logs.list.clear();
            byte[] ack;
            long t0 = System.nanoTime();
            try (MllpClient c = engine.client()) {
                ack = c.exchange(p[1].getBytes(StandardCharsets.ISO_8859_1));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertOneFrame(ack);
            Hl7Message m = parse(ack);
            String err = m.segment("ERR") == null ? "" : m.segment("ERR").field(1); // ERR-1 (ELD): the order is v2.3.1
            System.out.println("HostileIntakeTest: 40 KB " + p[0] + " -> " + m.get("MSA-1") + " " + err + " in " + ms + " ms");
            assertEquals(p[2], m.get("MSA-1"), p[0]);
            assertEquals(p[3], errorCode(m), p[0]);
            assertTrue(err.startsWith(p[4]), p[0] + ": ERR-1 " + err);
            assertQuietLog(p[0]);
        }
    }

    @Test
    void anUnexpectedErrorIsAnsweredAndLoggedOnceWithABoundedTrace() {
        StackOverflowError overflow = null;
        try {
            recurse(0);
        } catch (StackOverflowError e) {
            overflow = e;
        }
        assertNotNull(overflow);
        assertTrue(overflow.getStackTrace().length >= 1000, "a real stack overflow has 1,024 frames");
        MllpFrame frame = new MllpFrame(adt("BOOM-1", "").getBytes(StandardCharsets.US_ASCII), 0, false, "/127.0.0.1:1", "mllp", null);
        byte[] ack = (byte[]) engine.app().engine().context().intake().fail(frame, new CamelExecutionException("flow failed", null, overflow));
        assertOneFrame(ack);
        Hl7Message m = parse(ack);
        assertEquals("AR", m.get("MSA-1"));
        assertEquals("207", m.get("ERR-3.1"));
        assertEquals("BOOM-1", m.get("MSA-2"));
        List<ILoggingEvent> loud = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(1, loud.size(), "logged once: " + loud);
        assertNotNull(loud.get(0).getThrowableProxy(), "with its stack trace");
        assertQuietLog("StackOverflowError in a flow");
        assertFalse(loud.get(0).getFormattedMessage().contains("DOE"), "no PHI in the log line");
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    // ---- item 8: charsets, batches, metric labels ----

    @Test
    void msh18MustBeAnHl7Table0211Name() throws Exception {
        for (String cs : new String[] {"UNICODE UTF-16", "UTF-16", "UTF-32", "IBM037", "x-UTF-32BE-BOM"}) {
            byte[] ack;
            try (MllpClient c = engine.client()) {
                ack = c.exchange(adt("CS-" + cs.replace(' ', '_'), cs).getBytes(StandardCharsets.US_ASCII));
            }
            assertOneFrame(ack);
            Hl7Message m = parse(ack);
            assertEquals("AR", m.get("MSA-1"), cs);
            assertEquals("103", m.get("ERR-3.1"), cs + ": table value not found");
            assertEquals("MSH^1^18^1", m.segment("ERR").field(2), cs);
            assertEquals("", m.characterSet(), cs + ": the ACK does not claim a charset it is not in");
        }
        try (MllpClient c = engine.client()) {
            byte[] ack = c.exchange(adt("CS-UTF8", "UNICODE UTF-8").getBytes(StandardCharsets.US_ASCII));
            assertEquals("AA", parse(ack).get("MSA-1"));
            assertEquals("UNICODE UTF-8", parse(ack).characterSet());
        }
    }

    @Test
    void batchesAreJournaledWithWhatIdentifiesThem() throws Exception {
        String msh = "MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|IN-BATCH-1|P|2.5\rEVN|A08\rPID|1||P1^^^HOSP^MR\r";
        String[][] cases = {
            {"FHS|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||||FILE-77\rBHS|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||||BATCH-9\r" + msh + "BTS|1\rFTS|1\r", "FILE-77"},
            {"BHS|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||||BATCH-9\r" + msh + "BTS|1\r", "BATCH-9"},
            {"FHS|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101\rBHS|^~\\&|DEMO_EMR|HOSP\r" + msh + "BTS|1\rFTS|1\r", "IN-BATCH-1"},
        };
        Db db = engine.app().engine().context().db();
        for (String[] c : cases) {
            String ack = engine.send(c[0]);
            Hl7Message m = Hl7Parser.parse(ack);
            assertEquals("AR", m.get("MSA-1"));
            assertEquals("200", m.get("ERR-3.1"));
            assertEquals(c[1], m.get("MSA-2"));
            List<String> row = db.read(x -> Tx.query(x, "SELECT control_id, message_type FROM messages WHERE id = (SELECT MAX(id) FROM messages)",
                    rs -> rs.getString(1) + " " + rs.getString(2)));
            assertEquals(c[1] + " " + c[0].substring(0, 3), row.get(0), "journal control id and type of the batch");
        }
    }

    @Test
    void inventedMessageTypesDoNotAddMetricSeries() throws Exception {
        for (int i = 0; i < 30; i++) {
            String ack = engine.send(adt("TYPE-" + i, "").replace("ADT^A08", "ZQX^Q" + i));
            assertEquals("AR", Hl7Parser.parse(ack).get("MSA-1"));
        }
        HttpResponse<String> r = engine.get("/metrics");
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains("ZQX"), "no series per invented type");
        assertTrue(r.body().contains("radbridge_messages_rejected_total{ack=\"AR\",sender=\"demo-emr\",type=\"other\"}")
                || r.body().contains("type=\"other\""), r.body());
    }
}
