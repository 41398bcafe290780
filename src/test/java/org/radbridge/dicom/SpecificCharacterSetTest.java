package org.radbridge.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpecificCharacterSetTest {

    @Test
    void latin1AndUtf8() {
        String name = "Müller^Jürgen";
        assertArrayEquals(name.getBytes(StandardCharsets.ISO_8859_1), SpecificCharacterSet.valueOf("ISO_IR 100").encode(name));
        assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), SpecificCharacterSet.valueOf("ISO_IR 192").encode(name));
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        assertEquals(name, SpecificCharacterSet.UTF8.decode(b, 0, b.length));
    }

    @Test
    void transliterationFallback() {
        // Latin-1 lacks ő, Ł and 王: accents are removed, spelled-out letters used, else '?'
        assertEquals("Erdos^Lukasz^?", new String(SpecificCharacterSet.LATIN1.encode("Erdős^Łukasz^王"), StandardCharsets.ISO_8859_1));
        assertEquals("Muller^Strasse", new String(SpecificCharacterSet.DEFAULT.encode("Müller^Straße"), StandardCharsets.US_ASCII));
    }

    @Test
    void defaultRepertoireIsReadLeniently() {
        byte[] latin1 = "Müller".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Müller", SpecificCharacterSet.DEFAULT.decode(latin1, 0, latin1.length));
    }

    @Test
    void responseCharacterSetChoice() {
        Attributes a = new Attributes();
        a.setString(Tag.PatientName, VR.PN, "DOE^JOHN");
        assertTrue(SpecificCharacterSet.forResponse(a, null).isDefault());
        a.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setString(Tag.ScheduledPerformingPhysicianName, VR.PN, "Jürgen");
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(a, null).code(), "no lossy Latin-1 unless configured");
        assertEquals("ISO_IR 100", SpecificCharacterSet.forResponse(a, "ISO_IR 100").code(), "an explicit choice is kept");
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(a, "ISO_IR 192").code());
        assertFalse(SpecificCharacterSet.isAscii(a));
        assertEquals("ISO_IR 101", SpecificCharacterSet.valueOf("ISO_IR 101").code());
        assertTrue(SpecificCharacterSet.valueOf("", "ISO 2022 IR 100").code().contains("100"));
    }

    static Attributes named(String name) {
        Attributes a = new Attributes();
        a.setString(Tag.PatientName, VR.PN, name);
        a.newSequence(Tag.ScheduledProcedureStepSequence).addItem().setString(Tag.ScheduledStationAETitle, VR.AE, "CT01");
        return a;
    }

    /** PS3.4 C.4.1.1.3.2: the request's set when supported and able to hold the data, else ISO_IR 192; lossy only when configured. */
    @Test
    void responseFollowsTheRequestWhenItCanHoldTheData() {
        Attributes jp = named("山田^太郎");
        Attributes pl = named("Łukasz^Żółć");
        Attributes de = named("Müller^Jürgen");
        Attributes ascii = named("DOE^JOHN");
        // request ISO_IR 192: always UTF-8, names intact
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(jp, null, "ISO_IR 192").code());
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(pl, "", "ISO_IR 192").code());
        // request without (0008,0005): the default repertoire while the answer is ASCII, else ISO_IR 192
        assertTrue(SpecificCharacterSet.forResponse(ascii, null).isDefault());
        assertTrue(SpecificCharacterSet.forResponse(ascii, null, (String[]) null).isDefault());
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(jp, null, (String[]) null).code());
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(pl, null).code());
        // request ISO_IR 100: kept while Latin-1 holds the data, else ISO_IR 192 (never "??" or "Lukasz")
        assertEquals("ISO_IR 100", SpecificCharacterSet.forResponse(de, null, "ISO_IR 100").code());
        assertEquals("ISO_IR 100", SpecificCharacterSet.forResponse(ascii, null, "ISO_IR 100").code());
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(pl, null, "ISO_IR 100").code());
        // request ISO_IR 101 (Latin-2) holds Polish
        assertEquals("ISO_IR 101", SpecificCharacterSet.forResponse(pl, null, "ISO_IR 101").code());
        // a set this implementation does not support (ISO 2022 code extensions for Japanese): ISO_IR 192
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(jp, null, "ISO 2022 IR 6", "ISO 2022 IR 87").code());
        assertTrue(SpecificCharacterSet.forResponse(ascii, null, "ISO 2022 IR 6", "ISO 2022 IR 87").isDefault());
        // an explicit per-AE choice wins, lossy or not
        assertEquals("ISO_IR 100", SpecificCharacterSet.forResponse(pl, "ISO_IR 100", "ISO_IR 192").code());
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(ascii, "ISO_IR 192", (String[]) null).code());
        // and the encoding keeps the names
        assertEquals("山田^太郎", new String(SpecificCharacterSet.forResponse(jp, null, "ISO_IR 192").encode("山田^太郎"), StandardCharsets.UTF_8));
    }
}
