package org.radbridge.worklist.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;

/** The named mapping functions: person names, composites, telephone numbers. */
class MwlFunctionsTest {

    static Segment seg(String text) {
        return Hl7Parser.parse("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5.1\r" + text + "\r").segments().get(1);
    }

    static String fn(String name, String segment, String path) {
        return MwlFunctions.get(name).apply(seg(segment), Hl7Path.of(path), null);
    }

    @Test
    void xpnToPnReordersPrefixAndSuffix() {
        // XPN family^given^middle^suffix^prefix^degree -> PN family^given^middle^prefix^suffix
        assertEquals("TESTER^ANNA^MARIA^DR^JR", fn("xpn-to-pn", "PID|1||X||TESTER^ANNA^MARIA^JR^DR", "PID-5"));
        assertEquals("SMITH^JOHN^^DR^JR MD", fn("xpn-to-pn", "PID|1||X||SMITH^JOHN^^JR^DR^MD", "PID-5"));
        assertEquals("VAN DYKE^DICK", fn("xpn-to-pn", "PID|1||X||VAN DYKE&VAN&DYKE^DICK", "PID-5"), "FN surname subcomponent");
        assertEquals("MÜLLER^JÜRGEN", fn("xpn-to-pn", "PID|1||X||M\\XDC\\LLER^J\\XDC\\RGEN", "PID-5"), "escapes decoded");
        assertEquals("O'NEIL^A^B", fn("xpn-to-pn", "PID|1||X||O'NEIL^A^B^^^", "PID-5"), "trailing empty components dropped");
        assertEquals("SECOND^NAME", fn("xpn-to-pn", "PID|1||X||FIRST^NAME~SECOND^NAME", "PID-5(2)"));
    }

    @Test
    void xcnAndCnnToPn() {
        assertEquals("WELBY^MARCUS^^DR", fn("xcn-to-pn", "PV1|1|O|||||1234^WELBY^MARCUS^^^DR", "PV1-7"));
        assertEquals("TECH^ANNA", fn("cnn-to-pn", "OBR|1|||||||||||||||||||||||||||||||||T1&TECH&ANNA", "OBR-34.1"));
    }

    @Test
    void compositesAndPhones() {
        assertEquals("1 MAIN ST^^SPRINGFIELD^IL^62701", fn("components", "PID|1||X||N||||||1 MAIN ST^^SPRINGFIELD^IL^62701^^^", "PID-11"));
        assertEquals("(217)555-0101", fn("xtn-phone", "PID|1||X||N||||||||(217)555-0101^PRN^PH", "PID-13"));
        assertEquals("+1 (217)5550101 X12", fn("xtn-phone", "PID|1||X||N||||||||^PRN^PH^^1^217^5550101^12", "PID-13"));
        assertEquals("", fn("xtn-phone", "PID|1||X||N||||||||^NET^Internet^a@b.org", "PID-13"));
    }

    @Test
    void joinComponentsDropsTrailingEmpties() {
        assertEquals("A^^C", MwlFunctions.joinComponents(List.of("A", "", "C", "", "")));
        assertEquals("", MwlFunctions.joinComponents(List.of("", "")));
    }
}
