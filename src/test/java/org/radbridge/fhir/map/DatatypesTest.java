package org.radbridge.fhir.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.radbridge.fhir.map.MapTestSupport.context;
import static org.radbridge.fhir.map.MapTestSupport.field;
import static org.radbridge.fhir.map.MapTestSupport.ris;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Path;

/** The datatype conversions, one behaviour per test. */
class DatatypesTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    void dateTimesGetSecondsAndTheSendersOffset() {
        assertEquals("2026-12-01T09:30:00-06:00", DateTimes.dateTime("202612010930", CHICAGO));
        assertEquals("2026-07-01T09:30:15-05:00", DateTimes.dateTime("20260701093015", CHICAGO), "daylight saving time");
        assertEquals("2026-12-01T09:30:15.12+01:00", DateTimes.dateTime("20261201093015.12+0100", CHICAGO));
        assertEquals("2026-12-01", DateTimes.dateTime("20261201", CHICAGO), "a date stays a date");
        assertEquals("2026-12", DateTimes.dateTime("202612", CHICAGO));
        assertEquals("1970-03-15", DateTimes.date("197003150830"));
        assertNull(DateTimes.instant("20261201", CHICAGO), "an instant needs a time");
        assertEquals("2026-12-01T15:59:00-06:00", DateTimes.instant("202612011559", CHICAGO));
    }

    @Test
    void unreadableDatesGiveNothing() {
        assertNull(DateTimes.date("19700231"));
        assertNull(DateTimes.date("1970-03-15"));
        assertNull(DateTimes.dateTime("2026120125", CHICAGO));
        assertNull(DateTimes.date(""));
    }

    @Test
    void searchTokensEscapeTheirSeparators() {
        assertEquals("urn:oid:1.2|A\\,B\\|C\\\\D\\$E", Identifiers.token("urn:oid:1.2", "A,B|C\\D$E"));
        assertEquals("s|A%20B%26C%23", Identifiers.token("s", "A B&C#"));
        assertEquals("identifier=a|1,b|2", Identifiers.query(List.of("a|1", "b|2")));
    }

    @Test
    void cxBecomesAnIdentifierWithTheSystemOfItsAuthority() {
        var ids = Identifiers.fromCx(List.of(field("PID|1||PAT1^^^HOSP^MR~77^^^&1.2.3.4&ISO^PI", "PID-3"),
                Field.of(MapTestSupport.scope("PID|1||PAT1^^^HOSP^MR~77^^^&1.2.3.4&ISO^PI"), Hl7Path.of("PID-3")).get(1)),
                Hl7Path.of("PID-3"), "patient", null, context(ris()));
        assertEquals("urn:oid:1.2.826.0.1.3680043.10.543.100.1", ids.get(0).path("system").asText());
        assertEquals("MR", ids.get(0).path("type").path("coding").path(0).path("code").asText());
        assertEquals("urn:oid:1.2.3.4", ids.get(1).path("system").asText(), "an ISO universal id needs no table row");
    }

    @Test
    void aPatientIdentifierOfAnUnknownAuthorityIsRefused() {
        Hl7Error e = assertThrows(Hl7Error.class, () -> Identifiers.fromCx(List.of(field("PID|1||PAT1^^^NOWHERE^MR", "PID-3")),
                Hl7Path.of("PID-3"), "patient", null, context(ris())));
        assertEquals(Hl7Error.Code.TABLE_VALUE_NOT_FOUND, e.code());
        org.junit.jupiter.api.Assertions.assertTrue(e.text().contains("NOWHERE"), e.text());
    }

    @Test
    void aPatientIdentifierWithoutAuthorityTakesTheSendersDefaultOrIsRefused() {
        var ids = Identifiers.fromCx(List.of(field("PID|1||PAT1", "PID-3")), Hl7Path.of("PID-3"), "patient", null, context(ris()));
        assertEquals("urn:oid:1.2.826.0.1.3680043.10.543.100.1", ids.get(0).path("system").asText());
        Hl7Error e = assertThrows(Hl7Error.class, () -> Identifiers.fromCx(List.of(field("PID|1||PAT1", "PID-3")),
                Hl7Path.of("PID-3"), "patient", null, context(MapTestSupport.unknown())));
        assertEquals(Hl7Error.Code.REQUIRED_FIELD_MISSING, e.code());
    }

    @Test
    void universalIdTypes() {
        assertEquals("urn:oid:2.16.840.1", IdentifierSystems.fromUniversalId("2.16.840.1", "ISO"));
        assertEquals("urn:uuid:0a1b", IdentifierSystems.fromUniversalId("0A1B", "UUID"));
        assertEquals("http://x.org/ids", IdentifierSystems.fromUniversalId("http://x.org/ids", "URI"));
        assertNull(IdentifierSystems.fromUniversalId("not.an.oid", "ISO"));
        assertNull(IdentifierSystems.fromUniversalId("ABC", "L"));
    }

    @Test
    void ceBecomesACodeableConceptWithBothTriplets() {
        MapContext c = context(ris());
        var cc = Codings.concept(List.of(field("OBR|1|||71250^CT CHEST^C4^CTC^CT chest^LOCAL", "OBR-4"),
                field("OBR|1|||71250^CT CHEST^C4", "OBR-4")), c);
        assertEquals(2, cc.path("coding").size(), "duplicates dropped");
        assertEquals("http://www.ama-assn.org/go/cpt", cc.path("coding").path(0).path("system").asText());
        assertEquals(false, cc.path("coding").path(1).has("system"), "an unknown system name leaves the system out");
        assertEquals("Just text", Codings.concept(List.of(field("OBR|1|||^Just text", "OBR-4")), c).path("text").asText());
    }

    @Test
    void xpnBecomesAHumanName() {
        var n = Names.xpn(field("PID|1||1||TESTER^ANNA^MARIA^JR^DR^MD^L", "PID-5"), context(ris()));
        assertEquals("{\"use\":\"official\",\"family\":\"TESTER\",\"given\":[\"ANNA\",\"MARIA\"],\"prefix\":[\"DR\"],"
                + "\"suffix\":[\"JR\",\"MD\"]}", n.toString());
        assertEquals("DR ANNA MARIA TESTER", Names.display(n));
    }

    @Test
    void xtnBecomesAContactPoint() {
        MapContext c = context(ris());
        assertEquals("{\"system\":\"phone\",\"value\":\"(217)555-0199\",\"use\":\"home\"}",
                Contacts.xtn(field("PID|1||1||||||||||(217)555-0199^PRN^PH", "PID-13"), null, c).toString());
        assertEquals("{\"system\":\"email\",\"value\":\"a@example.org\",\"use\":\"home\"}",
                Contacts.xtn(field("PID|1||1||||||||||^NET^Internet^a@example.org", "PID-13"), null, c).toString());
        assertEquals("{\"system\":\"phone\",\"value\":\"+1 (217) 5550123 ext. 9\",\"use\":\"mobile\"}",
                Contacts.xtn(field("PID|1||1||||||||||^PRN^CP^^1^217^5550123^9", "PID-13"), null, c).toString());
        assertEquals("work", Contacts.xtn(field("PID|1||1|||||||||||555", "PID-14"), "work", c).path("use").asText(),
                "the path's default use");
    }

    @Test
    void xadBecomesAnAddress() {
        var a = Contacts.xad(field("PID|1||1||||||||1 MAIN ST^APT 2^SPRINGFIELD^IL^62701^USA^H^^SANGAMON", "PID-11"), context(ris()));
        assertEquals("{\"use\":\"home\",\"line\":[\"1 MAIN ST\",\"APT 2\"],\"city\":\"SPRINGFIELD\",\"district\":\"SANGAMON\","
                + "\"state\":\"IL\",\"postalCode\":\"62701\",\"country\":\"USA\"}", a.toString());
        assertNull(Contacts.xad(field("PID|1||1||||||||^^^^^^H", "PID-11"), context(ris())), "only a type: no address");
    }

    @Test
    void numericValues() {
        assertEquals("{\"valueQuantity\":{\"value\":4.50}}", Quantities.numeric("4.50", null).toString());
        assertNull(Quantities.numeric("about 4", null));
        assertEquals("{\"valueQuantity\":{\"value\":3,\"comparator\":\"<\"}}", Quantities.structured("<", "3", "", "", null).toString());
        assertEquals("{\"valueRange\":{\"low\":{\"value\":2},\"high\":{\"value\":5}}}",
                Quantities.structured("", "2", "-", "5", null).toString());
        assertEquals("{\"valueRatio\":{\"numerator\":{\"value\":1},\"denominator\":{\"value\":128}}}",
                Quantities.structured("", "1", ":", "128", null).toString());
        assertNull(Quantities.structured("", "", "", "", null));
    }

    @Test
    void orderStatusLetsAFinalControlCodeDecide() {
        FhirTables t = MapTestSupport.TABLES;
        assertEquals("revoked", OrderStatus.of("CA", "SC", t.orderStatusFinal(), t.orderStatus(), t.orderControl()));
        assertEquals("active", OrderStatus.of("NW", "SC", t.orderStatusFinal(), t.orderStatus(), t.orderControl()));
        assertEquals("completed", OrderStatus.of("SC", "CM", t.orderStatusFinal(), t.orderStatus(), t.orderControl()));
        assertEquals("on-hold", OrderStatus.of("HD", "", t.orderStatusFinal(), t.orderStatus(), t.orderControl()));
        assertEquals("unknown", OrderStatus.of("RE", "", t.orderStatusFinal(), t.orderStatus(), t.orderControl()));
    }

    @Test
    void reportTextAndConclusion() {
        Scope s = MapTestSupport.scope("OBR|1", "OBX|1|TX|18782-3^Findings^LN||Line one~Line two||||||F",
                "OBX|2|TX|19005-8^Impression^LN||Normal \\T\\ fine.||||||F", "OBX|3|ST|113014^Study^DCM||1.2.3||||||F");
        var obxs = s.message().segments("OBX");
        assertEquals("Normal & fine.", Reports.conclusion(obxs, MapTestSupport.TABLES.table("conclusion-codes")));
        var form = Reports.presentedForm(obxs, MapTestSupport.TABLES.table("study-uid-codes"), null, null);
        assertEquals("Line one\nLine two\nNormal & fine.", new String(java.util.Base64.getDecoder().decode(
                form.path(0).path("data").asText()), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("1.2.3", Reports.studyUid(obxs, MapTestSupport.TABLES.table("study-uid-codes")));
    }
}
