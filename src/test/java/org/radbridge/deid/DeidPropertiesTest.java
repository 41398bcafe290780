package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.store.Tx;

/**
 * Properties of issue 7: surrogates stable across messages and runs for one data directory;
 * pseudonymized-research deterministic for one key, different for another, and the same across HL7 v2,
 * FHIR and DICOM; intervals kept under date-shift; Safe Harbor never emits a month or day, an age over 89
 * or the birth year of a patient aged 90 or more; restricted ZIP3 -> 000. Inputs are generated from a
 * seeded random source (the seed is in the failure message).
 */
class DeidPropertiesTest {

    static final LocalDate TODAY = LocalDate.now(DeidTesting.CLOCK);

    static String order(String mrn, String accession, String studyUid, String dob, String when, String zip, String text) {
        return "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|" + when + "||ORM^O01^ORM_O01|CTRL-" + mrn + "|P|2.5.1\r"
                + "PID|1||" + mrn + "^^^HOSP^MR||DOE^JANE||" + dob + "|F|||1 MAIN ST^^TOWN^NY^" + zip + "^USA\r"
                + "PV1|1|O|RAD^CT1^^HOSP" + "|".repeat(41) + when + "\r"
                + "ORC|NW|PLC-" + mrn + "^EMR|FIL-" + mrn + "^RIS||SC||||" + when + "\r"
                + "OBR|1|PLC-" + mrn + "^EMR|FIL-" + mrn + "^RIS|71250^CT CHEST^C4|||" + when + "|||||||||||" + accession
                + "|RP1|SPS1||" + when + "||CT\r"
                + "NTE|1|L|" + text + "\r"
                + "ZDS|" + studyUid + "^RIS^Application^DICOM\r";
    }

    // ------------------------------------------------------------------ identities

    @Test
    void surrogatesAreStableAcrossMessagesAndRunsOfOneDataDirectory(@TempDir Path data, @TempDir Path other) throws Exception {
        String a = order("PAT77", "ACC77", "1.2.3.77", "19700315", "20260302101500", "10001", "first");
        String b = order("PAT77", "ACC78", "1.2.3.78", "19700315", "20260405090000", "10001", "second");
        String pidA;
        String accA;
        String outA;
        try (DeidTesting t = DeidTesting.on(data, null)) {
            outA = t.hl7("hipaa-safe-harbor", a);
            Hl7Message ma = Hl7Parser.parse(outA);
            Hl7Message mb = Hl7Parser.parse(t.hl7("hipaa-safe-harbor", b));
            pidA = ma.get("PID-3.1");
            accA = ma.get("OBR-18");
            assertEquals(pidA, mb.get("PID-3.1"), "one patient, one surrogate across messages");
            assertNotEquals(accA, mb.get("OBR-18"), "two accessions, two surrogates");
            assertTrue(pidA.matches("P[0-9A-Z]{11}"), pidA);
            List<String> rows = t.db().read(c -> Tx.query(c, "SELECT domain || ' ' || digest || ' ' || surrogate FROM deid_surrogates",
                    rs -> rs.getString(1)));
            assertTrue(rows.size() >= 8, rows.toString());
            for (String row : rows) {
                assertFalse(row.contains("PAT77") || row.contains("ACC77") || row.contains("1.2.3.77"),
                        "the protected table never holds the identifier itself: " + row);
            }
        }
        try (DeidTesting again = DeidTesting.on(data, null)) {
            assertEquals(outA, again.hl7("hipaa-safe-harbor", a), "same data directory after a restart: the same output");
        }
        try (DeidTesting elsewhere = DeidTesting.on(other, null)) {
            Hl7Message m = Hl7Parser.parse(elsewhere.hl7("hipaa-safe-harbor", a));
            assertNotEquals(pidA, m.get("PID-3.1"), "surrogates are random, not derived from the identifier");
            assertNotEquals(accA, m.get("OBR-18"));
        }
    }

    @Test
    void pseudonymsAreDeterministicPerKeyAndDifferForAnotherKey(@TempDir Path d1, @TempDir Path d2, @TempDir Path d3) throws Exception {
        Random rnd = new Random(7);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(order("PAT" + rnd.nextInt(1_000_000), "ACC" + rnd.nextInt(1_000_000), "1.2.3." + rnd.nextInt(1_000_000),
                    "19" + (40 + rnd.nextInt(50)) + "0615", "20260302101500", "10001", "text"));
        }
        String other = "another-deid-key-fedcba9876543210-fedcba9876543210";
        try (DeidTesting k1 = DeidTesting.on(d1, DeidTesting.KEY); DeidTesting k1b = DeidTesting.on(d2, DeidTesting.KEY);
                DeidTesting k2 = DeidTesting.on(d3, other)) {
            int shiftsDiffer = 0;
            for (String m : messages) {
                String x = k1.hl7("pseudonymized-research", m);
                assertEquals(x, k1b.hl7("pseudonymized-research", m), "same key, another instance: same output");
                Hl7Message a = Hl7Parser.parse(x);
                Hl7Message b = Hl7Parser.parse(k2.hl7("pseudonymized-research", m));
                assertNotEquals(a.get("PID-3.1"), b.get("PID-3.1"));
                assertNotEquals(a.get("OBR-18"), b.get("OBR-18"));
                assertNotEquals(a.get("ZDS-1.1"), b.get("ZDS-1.1"));
                if (!a.get("OBR-7").equals(b.get("OBR-7"))) {
                    shiftsDiffer++;
                }
            }
            assertTrue(shiftsDiffer >= 15, "date shifts depend on the key: " + shiftsDiffer + " of 20 differ");
            Deidentifier.Result r1 = k1.run("pseudonymized-research", messages.get(0).getBytes(StandardCharsets.UTF_8));
            Deidentifier.Result r2 = k2.run("pseudonymized-research", messages.get(0).getBytes(StandardCharsets.UTF_8));
            assertNotEquals(r1.keyId(), r2.keyId());
            assertTrue(r1.keyId().startsWith("hmac-sha256:"), r1.keyId());
        }
    }

    @Test
    void theSamePatientGetsTheSameIdentityInHl7FhirAndDicom() throws Exception {
        try (DeidTesting t = DeidTesting.start()) {
            for (String profile : new String[] {"pseudonymized-research", "hipaa-safe-harbor"}) {
                Hl7Message h = Hl7Parser.parse(t.hl7(profile, order("PATX1", "ACCX1", "1.2.3.4.99", "19700315", "20260302101500", "10001", "")));
                Bundle b = (Bundle) FhirDeidentifier.context().newJsonParser().parseResource(t.fhir(profile, bundle("PATX1", "ACCX1", "1.2.3.4.99",
                        "1970-03-15", "2026-03-02T10:15:00Z")));
                Attributes d = DicomFile.read(t.run(profile, dicom("PATX1", "ACCX1", "1.2.3.4.99", "19700315", "20260302")).payload()).dataset();
                Patient p = (Patient) b.getEntry().get(0).getResource();
                ServiceRequest sr = (ServiceRequest) b.getEntry().get(1).getResource();
                ImagingStudy is = (ImagingStudy) b.getEntry().get(2).getResource();
                assertEquals(h.get("PID-3.1"), p.getIdentifierFirstRep().getValue(), profile + ": patient id HL7 = FHIR");
                assertEquals(h.get("PID-3.1"), d.getString(Tag.PatientID), profile + ": patient id HL7 = DICOM");
                assertEquals(h.get("OBR-18"), sr.getIdentifierFirstRep().getValue(), profile + ": accession HL7 = FHIR");
                assertEquals(h.get("OBR-18"), d.getString(Tag.AccessionNumber), profile + ": accession HL7 = DICOM");
                assertEquals("urn:oid:" + h.get("ZDS-1.1"), is.getIdentifierFirstRep().getValue(), profile + ": study UID HL7 = FHIR");
                assertEquals(h.get("ZDS-1.1"), d.getString(Tag.StudyInstanceUID), profile + ": study UID HL7 = DICOM");
                if (profile.equals("pseudonymized-research")) {
                    assertEquals(h.get("PID-7"), p.getBirthDateElement().getValueAsString().replace("-", ""), "one date shift per patient");
                    assertEquals(h.get("PID-7"), d.getString(Tag.PatientBirthDate));
                    assertEquals(h.get("OBR-7").substring(0, 8), d.getString(Tag.StudyDate));
                    assertEquals(h.get("OBR-7").substring(0, 8), sr.getOccurrenceDateTimeType().getValueAsString().substring(0, 10).replace("-", ""));
                }
            }
        }
    }

    static String bundle(String mrn, String acc, String uid, String dob, String when) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:0a0a0a0a-0000-4000-8000-000000000001","resource":{"resourceType":"Patient",
                  "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"%s"}],
                  "birthDate":"%s"},"request":{"method":"POST","url":"Patient"}},
                 {"fullUrl":"urn:uuid:0a0a0a0a-0000-4000-8000-000000000002","resource":{"resourceType":"ServiceRequest","status":"active","intent":"order",
                  "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"ACSN"}]},"value":"%s"}],
                  "subject":{"reference":"urn:uuid:0a0a0a0a-0000-4000-8000-000000000001"},"occurrenceDateTime":"%s"},
                  "request":{"method":"POST","url":"ServiceRequest"}},
                 {"fullUrl":"urn:uuid:0a0a0a0a-0000-4000-8000-000000000003","resource":{"resourceType":"ImagingStudy","status":"available",
                  "identifier":[{"system":"urn:dicom:uid","value":"urn:oid:%s"}],
                  "subject":{"reference":"urn:uuid:0a0a0a0a-0000-4000-8000-000000000001"}},"request":{"method":"POST","url":"ImagingStudy"}}]}
                """.formatted(mrn, dob, acc, when, uid);
    }

    static byte[] dicom(String mrn, String acc, String uid, String dob, String studyDate) {
        Attributes a = new Attributes();
        a.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        a.setString(Tag.SOPInstanceUID, VR.UI, uid + ".1.1");
        a.setString(Tag.StudyDate, VR.DA, studyDate);
        a.setString(Tag.AccessionNumber, VR.SH, acc);
        a.setString(Tag.PatientName, VR.PN, "DOE^JANE");
        a.setString(Tag.PatientID, VR.LO, mrn);
        a.setString(Tag.PatientBirthDate, VR.DA, dob);
        a.setString(Tag.PatientSex, VR.CS, "F");
        a.setString(Tag.StudyInstanceUID, VR.UI, uid);
        return DicomFile.of(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, UID.ModalityWorklistInformationModelFind).toByteArray();
    }

    // ------------------------------------------------------------------ dates

    @Test
    void dateShiftKeepsEveryIntervalOfAPatient() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        try (DeidTesting t = DeidTesting.start()) {
            for (int i = 0; i < 200; i++) {
                LocalDate dob = LocalDate.of(1920, 1, 1).plusDays(rnd.nextInt(36_000));
                LocalDate study = LocalDate.of(2020, 1, 1).plusDays(rnd.nextInt(2_500));
                LocalDate prior = study.minusDays(1 + rnd.nextInt(3_000));
                String text = "Compared with the study of " + prior + ".";
                String in = order("P" + rnd.nextInt(100_000_000), "A" + i, "1.2.3." + i, compact(dob),
                        compact(study) + "101500", "10001", text);
                Hl7Message m = Hl7Parser.parse(t.hl7("pseudonymized-research", in));
                LocalDate dob2 = parse(m.get("PID-7"));
                LocalDate study2 = parse(m.get("OBR-7"));
                long shift = ChronoUnit.DAYS.between(study, study2);
                assertTrue(shift != 0 && Math.abs(shift) <= 365, "seed " + seed + ": shift " + shift);
                assertEquals(shift, ChronoUnit.DAYS.between(dob, dob2), "seed " + seed + ": birth date shifted alike");
                assertEquals(ChronoUnit.DAYS.between(dob, study), ChronoUnit.DAYS.between(dob2, study2), "seed " + seed);
                assertEquals("101500", m.get("OBR-7").substring(8), "time of day kept");
                assertEquals("Compared with the study of " + prior.plusDays(shift) + ".", m.get("NTE-3"),
                        "seed " + seed + ": dates in text shifted alike");
            }
        }
    }

    @Test
    void safeHarborNeverEmitsAMonthDayOldAgeOrTheBirthYearOfThe90PlusAcrossFormats() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        try (DeidTesting t = DeidTesting.start()) {
            for (int i = 0; i < 200; i++) {
                LocalDate dob = TODAY.minusDays(rnd.nextInt(110 * 366));
                LocalDate study = TODAY.minusDays(rnd.nextInt(3000));
                int age = (int) ChronoUnit.YEARS.between(dob, TODAY);
                String text = "Seen " + us(study) + " and on " + study + ", born " + compact(dob) + ", a " + age + "-year-old, aged " + age + ".";
                Hl7Message m = Hl7Parser.parse(t.hl7("hipaa-safe-harbor", order("P" + i, "A" + i, "1.2.3." + i, compact(dob),
                        compact(study) + "101500", "10001", text)));
                String why = "seed " + seed + ", birth " + dob + " (age " + age + "): ";
                for (String p : new String[] {"MSH-7", "PV1-44", "ORC-9", "OBR-7", "OBR-22"}) {
                    assertEquals(String.valueOf(study.getYear()), m.get(p), why + p);
                }
                String out = m.get("NTE-3");
                for (LocalDate d : new LocalDate[] {dob, study}) {
                    for (String form : Leaks.forms(compact(d), "date")) {
                        assertFalse(out.contains(form), why + out);
                    }
                }
                if (age >= 90) {
                    assertEquals("", m.get("PID-7"), why + "no birth year at 90 or over");
                    assertFalse(out.matches(".*\\b" + dob.getYear() + "\\b.*"), why + out);
                    assertTrue(out.contains("a 90+-year-old, aged 90+."), why + out);
                } else {
                    assertEquals(String.valueOf(dob.getYear()), m.get("PID-7"), why);
                    assertTrue(out.contains("a " + age + "-year-old"), why + out);
                }
                Bundle b = (Bundle) FhirDeidentifier.context().newJsonParser().parseResource(t.fhir("hipaa-safe-harbor",
                        bundle("P" + i, "A" + i, "1.2.3." + i, dob.toString(), study + "T10:15:00Z")));
                Patient p = (Patient) b.getEntry().get(0).getResource();
                assertEquals(age >= 90 ? null : String.valueOf(dob.getYear()), p.getBirthDateElement().getValueAsString(), why);
                assertEquals(String.valueOf(study.getYear()),
                        ((ServiceRequest) b.getEntry().get(1).getResource()).getOccurrenceDateTimeType().getValueAsString(), why);
                Attributes d = DicomFile.read(t.run("hipaa-safe-harbor", dicom("P" + i, "A" + i, "1.2.3." + i, compact(dob),
                        compact(study))).payload()).dataset();
                assertEquals(study.getYear() + "0101", d.getString(Tag.StudyDate), why + "DA keeps the year only");
                assertEquals(age >= 90 ? null : dob.getYear() + "0101", d.getString(Tag.PatientBirthDate), why);
            }
        }
    }

    @Test
    void patientAgesOver89BecomeTheCategory90() throws Exception {
        try (DeidTesting t = DeidTesting.start()) {
            for (String[] c : new String[][] {{"045Y", "045Y"}, {"089Y", "089Y"}, {"090Y", "090Y"}, {"093Y", "090Y"}, {"120Y", "090Y"},
                {"100Y", "090Y"}, {"999M", "999M"}, {"011M", "011M"}, {"030D", "030D"}}) {
                Attributes a = DicomFile.read(dicom("P1", "A1", "1.2.3.1", "", "20260302")).dataset();
                a.setString(Tag.PatientAge, VR.AS, c[0]);
                byte[] in = DicomFile.of(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, UID.ModalityWorklistInformationModelFind).toByteArray();
                Attributes out = DicomFile.read(t.run("hipaa-safe-harbor", in).payload()).dataset();
                assertEquals(c[1], out.getString(Tag.PatientAge), c[0]);
            }
        }
    }

    @Test
    void restrictedZip3BecomesZerosAndOtherZipCodesKeepThreeDigits() throws Exception {
        Random rnd = new Random(3);
        try (DeidTesting t = DeidTesting.start()) {
            Zip3 z = t.deidentifier().profiles().get("hipaa-safe-harbor").zip3();
            assertEquals(17, z.restricted().size());
            for (String prefix : z.restricted()) {
                String zip = prefix + String.format("%02d", rnd.nextInt(100));
                Hl7Message m = Hl7Parser.parse(t.hl7("hipaa-safe-harbor", order("P" + zip, "A1", "1.2.3.1", "19700101", "20260302", zip, "")));
                assertEquals("000", m.get("PID-11.5"), zip);
                assertEquals("000", z.apply(zip + "-1234"));
            }
            for (int i = 0; i < 100; i++) {
                String zip = String.format("%05d", rnd.nextInt(100_000));
                String expected = z.restricted().contains(zip.substring(0, 3)) ? "000" : zip.substring(0, 3);
                Hl7Message m = Hl7Parser.parse(t.hl7("hipaa-safe-harbor", order("Q" + zip, "A1", "1.2.3.1", "19700101", "20260302", zip, "")));
                assertEquals(expected, m.get("PID-11.5"), zip);
            }
            assertEquals("", z.apply("K1A 0B1"), "not a US ZIP code: removed");
            assertEquals("", z.apply("1234"));
        }
    }

    static String compact(LocalDate d) {
        return d.toString().replace("-", "");
    }

    static String us(LocalDate d) {
        return String.format("%02d/%02d/%04d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
    }

    static LocalDate parse(String hl7Date) {
        return LocalDate.parse(hl7Date.substring(0, 4) + "-" + hl7Date.substring(4, 6) + "-" + hl7Date.substring(6, 8));
    }

    @Test
    void keyedProfilesNeedTheKey() throws Exception {
        try (DeidTesting t = DeidTesting.on(Files.createTempDirectory("radbridge-deid"), null)) {
            DeidException e = org.junit.jupiter.api.Assertions.assertThrows(DeidException.class,
                    () -> t.hl7("pseudonymized-research", order("P", "A", "1.2.3", "19700101", "20260302", "10001", "")));
            assertTrue(e.getMessage().contains("radbridge.deid.key"), e.getMessage());
            TestCleanup.delete(t.dataDir());
        }
    }
}
