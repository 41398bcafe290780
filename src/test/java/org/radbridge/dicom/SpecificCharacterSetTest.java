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
        assertEquals("ISO_IR 100", SpecificCharacterSet.forResponse(a, null).code());
        assertEquals("ISO_IR 192", SpecificCharacterSet.forResponse(a, "ISO_IR 192").code());
        assertFalse(SpecificCharacterSet.isAscii(a));
        assertEquals("ISO_IR 101", SpecificCharacterSet.valueOf("ISO_IR 101").code());
        assertTrue(SpecificCharacterSet.valueOf("", "ISO 2022 IR 100").code().contains("100"));
    }
}
