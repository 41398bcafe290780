package org.radbridge.fhir.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;
import org.radbridge.testing.ProjectPaths;

/**
 * Field splits a repetition itself (issue 15) and must read exactly what Segment.value reads: every field,
 * repetition, component and subcomponent of every message of test-messages/ and of a message made of the hard cases
 * (escape sequences, trailing blanks, HL7 nulls, empty components, MSH-1/2), whole-field and component paths.
 */
class FieldTest {

    private static final String HARD = "MSH|^~\\&|APP^1.2.3^ISO|FAC||RAD|20261201||ORM^O01|X1|P|2.5.1\r"
            + "PID|1||A1^^^HOSP&1.2&ISO^MR~  ~\"\"^^^SSA||DOE\\S\\X^JO\\T\\N^^^ ^|| |F||^^\\F\\&x&\\E\\^c  ~\\X41\\||"
            + "&&^a&b&&c^^~^^^^^^^^^^^^^^^^^^^^z\r"
            + "OBR|1|P1^EMR|F1^RIS|1^A^L^2^B^L^^^text|||||||||||1^X^Y^^^^^^&2.16.840&ISO^^^^D~^NAME\r"
            + "NTE|1||line one \\.br\\ two  \r";

    @Test
    void readsWhatTheSegmentReads() throws Exception {
        List<Hl7Message> messages = new ArrayList<>();
        messages.add(Hl7Parser.parse(HARD));
        try (Stream<Path> s = Files.walk(ProjectPaths.testMessages())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".hl7")).toList()) {
                try {
                    messages.add(Hl7Parser.parse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)));
                } catch (RuntimeException e) {
                    // a malformed scenario: not a message to read fields of
                }
            }
        }
        assertTrue(messages.size() > 50, "messages: " + messages.size());
        long checked = 0;
        for (Hl7Message m : messages) {
            for (Segment seg : m.segments()) {
                for (int f = 1; f <= seg.fieldCount() + 1; f++) {
                    int reps = Math.max(1, seg.repetitionCount(f)) + 1;
                    for (int r = 1; r <= reps; r++) {
                        Field whole = new Field(seg, f, r, 0);
                        String at = seg.text() + " " + f + "(" + r + ")";
                        assertEquals(Field.clean(seg.value(f, r, 0, 0)), whole.text(), at);
                        assertEquals(blank(seg, seg.raw(f, r, 0, 0)), whole.isEmpty(), at);
                        for (int c = 1; c <= 22; c++) {
                            assertEquals(Field.clean(seg.value(f, r, c, 0)), whole.comp(c), at + "." + c);
                            assertEquals(seg.raw(f, r, c, 0).indexOf(seg.delimiters().subcomponent()) >= 0,
                                    whole.hasSubcomponents(c), at + "." + c);
                            Field comp = new Field(seg, f, r, c);
                            assertEquals(Field.clean(seg.value(f, r, c, 0)), comp.text(), at + "." + c);
                            assertEquals("", comp.sub(1, 1), at + "." + c);
                            assertEquals(blank(seg, seg.raw(f, r, c, 0)), comp.isEmpty(), at + "." + c);
                            for (int s = 1; s <= 4; s++) {
                                assertEquals(Field.clean(seg.value(f, r, c, s)), whole.sub(c, s), at + "." + c + "." + s);
                                assertEquals(Field.clean(seg.value(f, r, c, s)), comp.comp(s), at + "." + c + "." + s);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100_000, "values checked: " + checked);
    }

    /** Nothing but blanks and separators. */
    private static boolean blank(Segment seg, String raw) {
        return raw.chars().allMatch(ch -> ch == ' ' || ch == seg.delimiters().component()
                || ch == seg.delimiters().subcomponent());
    }
}
