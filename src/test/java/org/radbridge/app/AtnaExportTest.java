package org.radbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.TestPki;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The IHE ATNA export (ITI-20) against a TLS syslog receiver in the test (an RFC 5425 server requiring a
 * client certificate): every exported message is an RFC 5424 record with PRI 85 and MSGID IHE+RFC-3881
 * whose body is XML valid against the DICOM PS3.15 A.5 schema (IPF's dicom2017c.xsd) with the expected
 * DICOM event id; the engine authenticates with its certificate; while the repository is down records
 * queue and all of them arrive once it is back.
 */
class AtnaExportTest {

    @TempDir
    Path tmp;

    /** A minimal RFC 5425 receiver: mutual TLS, octet-counted frames, each frame kept with the client's subject. */
    static final class SyslogTlsReceiver implements AutoCloseable {
        final List<String[]> frames = new CopyOnWriteArrayList<>();
        final SSLServerSocket server;
        final Thread thread;
        final List<Socket> open = new CopyOnWriteArrayList<>();

        SyslogTlsReceiver(SSLContext ctx, int port) throws IOException {
            server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            thread = new Thread(this::accept, "test-syslog-tls");
            thread.setDaemon(true);
            thread.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) server.accept();
                    open.add(s);
                    Thread t = new Thread(() -> read(s), "test-syslog-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void read(SSLSocket s) {
            try (s; DataInputStream in = new DataInputStream(s.getInputStream())) {
                s.startHandshake();
                String peer = s.getSession().getPeerPrincipal().getName();
                while (true) {
                    int len = octetCount(in);
                    if (len < 0) {
                        return;
                    }
                    byte[] msg = in.readNBytes(len);
                    frames.add(new String[] {peer, new String(msg, StandardCharsets.UTF_8)});
                }
            } catch (IOException e) {
                // connection closed
            }
        }

        /** RFC 5425 4.3: MSG-LEN SP; -1 at the end of the stream. */
        private static int octetCount(InputStream in) throws IOException {
            int n = 0;
            int c;
            int digits = 0;
            while ((c = in.read()) != ' ') {
                if (c < 0) {
                    return -1;
                }
                if (c < '0' || c > '9' || ++digits > 9) {
                    throw new IOException("not an RFC 5425 frame");
                }
                n = n * 10 + (c - '0');
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    static SSLContext context(Path keystore, Path truststore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestPki.PASSWORD.toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(truststore)) {
            ts.load(in, TestPki.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (-|\\[.*?]) (.*)", Pattern.DOTALL);

    /** Checks one syslog record; returns its XML document. */
    static Document wellFormed(String frame, javax.xml.validation.Schema schema) throws Exception {
        Matcher m = RFC5424.matcher(frame);
        assertTrue(m.matches(), "an RFC 5424 record: " + frame.substring(0, Math.min(200, frame.length())));
        assertEquals("85", m.group(1), "facility 10 (security), severity 5");
        assertEquals("IHE+RFC-3881", m.group(6), "MSGID");
        String msg = m.group(8);
        assertTrue(msg.startsWith("\uFEFF<?xml"), "UTF-8 XML preceded by a BOM");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(msg.substring(1).getBytes(StandardCharsets.UTF_8)));
        schema.newValidator().validate(new DOMSource(doc)); // DICOM PS3.15 A.5 schema
        return doc;
    }

    static String eventId(Document d) {
        return ((Element) d.getElementsByTagName("EventID").item(0)).getAttribute("csd-code");
    }

    static Set<Long> seqs(List<Document> docs) {
        Set<Long> out = new TreeSet<>();
        for (Document d : docs) {
            NodeList objs = d.getElementsByTagName("ParticipantObjectIdentification");
            for (int i = 0; i < objs.getLength(); i++) {
                Element o = (Element) objs.item(i);
                Element idType = (Element) o.getElementsByTagName("ParticipantObjectIDTypeCode").item(0);
                if (idType != null && "audit-record".equals(idType.getAttribute("csd-code"))) {
                    out.add(Long.parseLong(o.getAttribute("ParticipantObjectID")));
                }
            }
        }
        return out;
    }

    static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        org.radbridge.testing.Waits.until(what, java.time.Duration.ofSeconds(30), c::getAsBoolean);
    }

    @Test
    void exportsWellFormedAtnaMessagesOverMutualTlsAndLosesNothingWhileTheRepositoryIsDown() throws Exception {
        TestPki pki = TestPki.create(tmp.resolve("pki"), "atna-test-ca");
        pki.issue("arr", "audit-repository", true);
        pki.issue("engine", "radbridge-node", true);
        Path trust = TestPki.truststore(tmp.resolve("trust.p12"), pki.caPem());
        SSLContext arrCtx = context(pki.p12("arr"), trust);
        javax.xml.validation.Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/dicom2017c.xsd"));
        SyslogTlsReceiver arr = new SyslogTlsReceiver(arrCtx, 0); // bound to port 0; the restart below rebinds the same port
        int port = arr.server.getLocalPort();
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.audit.atna.host", "127.0.0.1");
        p.put("radbridge.audit.atna.port", String.valueOf(port));
        p.put("radbridge.audit.atna.poll-ms", "100");
        p.put("radbridge.tls.keystore", pki.p12("engine").toString());
        p.put("radbridge.tls.keystore-password", TestPki.PASSWORD);
        p.put("radbridge.tls.truststore", trust.toString());
        p.put("radbridge.tls.truststore-password", TestPki.PASSWORD);
        SyslogTlsReceiver again = null;
        try (TestEngine e = TestEngine.start(p)) {
            String ack = e.send("MSH|^~\\&|DEMO_EMR|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A04^ADT_A01|A1|P|2.5.1\r"
                    + "EVN|A04|20260101120000\rPID|1||MRN1^^^HOSP^MR||DOE^JANE||19800101|F\r");
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1));
            assertEquals(401, e.request("GET", "/api/messages", null, "bad").statusCode());
            assertEquals(200, e.get("/api/audit?limit=1").statusCode());
            JdbcAuditTrail trail = (JdbcAuditTrail) e.app().engine().context().audit();
            await("start, receipt, alert, audit log use", () -> arr.frames.size() >= 4);
            List<Document> docs = new java.util.ArrayList<>();
            for (String[] f : arr.frames) {
                assertEquals("CN=radbridge-node,O=RadBridge Test", f[0], "the engine presents its certificate");
                docs.add(wellFormed(f[1], schema));
            }
            List<String> ids = docs.stream().map(AtnaExportTest::eventId).toList();
            assertTrue(ids.containsAll(List.of("110100", "110107", "110113", "110101")), ids.toString());
            Document receipt = docs.get(ids.indexOf("110107"));
            NodeList patients = receipt.getElementsByTagName("ParticipantObjectIdentification");
            boolean patient = false;
            for (int i = 0; i < patients.getLength(); i++) {
                Element o = (Element) patients.item(i);
                patient |= "1".equals(o.getAttribute("ParticipantObjectTypeCodeRole"))
                        && "MRN1^HOSP".equals(o.getAttribute("ParticipantObjectID")); // the journal's patient key: PID-3 id ^ issuer
            }
            assertTrue(patient, "the patient of the received message");

            // the repository goes away: records queue, then all arrive
            arr.close();
            long closedAt = trail.list(null, null, null, null, 100_000).stream().mapToLong(JdbcAuditTrail.Stored::seq).max().orElse(0);
            for (int i = 0; i < 5; i++) {
                e.request("GET", "/api/outbox", null, "bad-" + i);
            }
            assertEquals(200, e.get("/api/audit?limit=1").statusCode()); // an audit-log-use record written during the outage
            org.radbridge.testing.Waits.until("the records of the outage are written (queued for export)", java.time.Duration.ofSeconds(30),
                    () -> trail.list(null, null, null, null, 100_000).stream().anyMatch(r -> r.seq() > closedAt));
            // the exporter notices the closed connection (tested after each write): nothing vanishes into a dead socket
            org.radbridge.audit.AtnaExporter exporter = e.app().engine().context().bean(AuditModule.ATNA);
            org.radbridge.testing.Waits.until("the export fails while the repository is away", java.time.Duration.ofSeconds(30),
                    () -> exporter.consecutiveFailures() > 0);
            again = new SyslogTlsReceiver(arrCtx, port);
            SyslogTlsReceiver back = again;
            long head = trail.list(null, null, null, null, 100_000).stream().mapToLong(JdbcAuditTrail.Stored::seq).max().orElse(0);
            await("the backlog", () -> {
                try {
                    List<Document> all = new java.util.ArrayList<>(docs);
                    for (String[] f : back.frames) {
                        all.add(wellFormed(f[1], schema));
                    }
                    return seqs(all).containsAll(exportable(trail, head));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
        } finally {
            arr.close();
            if (again != null) {
                again.close();
            }
        }
    }

    /** The seqs of the records that are exported (all but transmission attempts). */
    static Set<Long> exportable(JdbcAuditTrail trail, long upTo) {
        Set<Long> s = new TreeSet<>();
        for (JdbcAuditTrail.Stored r : trail.list(null, null, null, null, 100_000)) {
            if (r.seq() <= upTo && !r.event().type().equals(AuditEvent.TRANSMISSION_ATTEMPT)) {
                s.add(r.seq());
            }
        }
        return s;
    }
}
