package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;

/** Order groups, the transaction Bundle, the merge of a Patient, and write serialization. */
class BundleMechanicsTest {

    private static ObjectNode json(String s) {
        return (ObjectNode) FhirJson.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void orderGroupsStartAtOrcOrAtAnObrWithoutOne() {
        var m = Hl7Parser.parse("MSH|^~\\&|A|B|C|D|1||ORU^R01|1|P|2.5\rPID|1\rOBR|1\rOBX|1\rOBR|2\rOBX|1\rNTE|1\r"
                + "ORC|RE\rOBR|3\rOBX|1\r");
        List<List<Segment>> g = OrderGroups.of(m);
        assertEquals(3, g.size());
        assertEquals("OBR,OBX", String.join(",", g.get(0).stream().map(Segment::id).toList()));
        assertEquals("OBR,OBX,NTE", String.join(",", g.get(1).stream().map(Segment::id).toList()));
        assertEquals("ORC,OBR,OBX", String.join(",", g.get(2).stream().map(Segment::id).toList()));
        assertEquals(List.of(2), OrderGroups.runs(g.get(1), "OBX").stream().map(List::size).toList(), "an OBX with its NTE");
    }

    @Test
    void entriesHaveDeterministicUrnsAndConditionalRequests() {
        TransactionBundle b = new TransactionBundle();
        String u1 = b.add(json("{\"resourceType\":\"Practitioner\"}"), TransactionBundle.Write.CREATE_IF_ABSENT, "identifier=s|1");
        String u2 = b.add(json("{\"resourceType\":\"Practitioner\",\"x\":1}"), TransactionBundle.Write.CREATE_IF_ABSENT, "identifier=s|1");
        String u3 = b.add(json("{\"resourceType\":\"ServiceRequest\"}"), TransactionBundle.Write.UPSERT, "identifier=s|1");
        assertEquals(u1, u2, "the same resource named twice is one entry");
        assertEquals(u1, TransactionBundle.fullUrl("Practitioner", "identifier=s|1"), "the same urn in every message");
        assertFalse(u1.equals(u3));
        assertEquals(2, b.entries().size());
        ObjectNode j = b.toJson("2026-12-01T08:15:00-06:00");
        assertEquals("{\"method\":\"POST\",\"url\":\"Practitioner\",\"ifNoneExist\":\"identifier=s|1\"}",
                j.path("entry").path(0).path("request").toString());
        assertEquals("{\"method\":\"PUT\",\"url\":\"ServiceRequest?identifier=s|1\"}", j.path("entry").path(1).path("request").toString());
        assertTrue(u1.matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), u1);
    }

    @Test
    void aMergeChangesOnlyThePresentElements() {
        ObjectNode current = json("{\"resourceType\":\"Patient\",\"id\":\"7\",\"meta\":{\"versionId\":\"3\"},\"text\":{\"div\":\"x\"},"
                + "\"identifier\":[{\"system\":\"mrn\",\"value\":\"1\"},{\"system\":\"ssn\",\"value\":\"9\"}],"
                + "\"telecom\":[{\"system\":\"email\",\"value\":\"a@x\"}],\"birthDate\":\"1970-03-15\","
                + "\"link\":[{\"other\":{\"reference\":\"Patient/8\"},\"type\":\"replaces\"}]}");
        ObjectNode incoming = json("{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"mrn\",\"value\":\"2\"}],"
                + "\"name\":[{\"family\":\"NEW\"}],\"link\":[{\"other\":{\"reference\":\"Patient/8\"},\"type\":\"replaces\"},"
                + "{\"other\":{\"reference\":\"Patient/9\"},\"type\":\"replaces\"}]}");
        ObjectNode m = ResourceMerge.merge(current, incoming);
        assertEquals("{\"resourceType\":\"Patient\",\"id\":\"7\",\"meta\":{\"versionId\":\"3\"},"
                + "\"identifier\":[{\"system\":\"mrn\",\"value\":\"2\"},{\"system\":\"ssn\",\"value\":\"9\"}],"
                + "\"telecom\":[{\"system\":\"email\",\"value\":\"a@x\"}],\"birthDate\":\"1970-03-15\","
                + "\"link\":[{\"other\":{\"reference\":\"Patient/8\"},\"type\":\"replaces\"},"
                + "{\"other\":{\"reference\":\"Patient/9\"},\"type\":\"replaces\"}],\"name\":[{\"family\":\"NEW\"}]}", m.toString());
    }

    @Test
    void writesOfOneKeyAreSerialized() throws Exception {
        KeyedLocks locks = new KeyedLocks(16);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            String other = "Practitioner?identifier=s|" + i;
            new Thread(() -> {
                for (int k = 0; k < 200; k++) {
                    try (KeyedLocks.Handle h = locks.lock(List.of(other, "Patient?identifier=s|1"))) {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                    }
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "no deadlock");
        assertEquals(1, maxInside.get());
    }
}
