package org.radbridge.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Segment} indexes a segment in one pass (issue 15); every accessor must answer exactly as the reader it
 * replaced ({@link ReferenceSegment}, the code of commit 5a1f431) on random segments full of separators, empty parts,
 * HL7 nulls, escape sequences and trailing spaces, with the standard and unusual delimiters, MSH headers included.
 */
class SegmentIndexTest {

    private static final String[] PIECES = {"A", "b", "1", " ", "|", "|", "^", "^", "~", "&", "\\", "\"\"", "\\T\\", "\\F\\",
        "\\X41\\", "#", "!", "@", "$", "%", "Ä", "漢"};

    @Test
    void everyAccessorAnswersAsBefore() {
        Random rnd = new Random(15);
        Delimiters[] delimiters = {Delimiters.STANDARD, new Delimiters('#', '!', '@', '$', '%'),
            new Delimiters('|', '^', '~', '\0', '&'), new Delimiters('|', '^', '\0', '\\', '\0')};
        int compared = 0;
        for (int n = 0; n < 6000; n++) {
            Delimiters d = delimiters[n % delimiters.length];
            String id = switch (n % 5) {
                case 0 -> "MSH";
                case 1 -> "BHS";
                default -> "OBR";
            };
            StringBuilder sb = new StringBuilder(id);
            if (n % 17 != 0) {
                sb.append(d.field());
                if (id.equals("MSH") || id.equals("BHS")) {
                    sb.append(d.encodingCharacters()).append(d.field());
                }
                int len = rnd.nextInt(60);
                for (int i = 0; i < len; i++) {
                    sb.append(PIECES[rnd.nextInt(PIECES.length)].replace('|', d.field()).replace('^', d.component() == 0 ? 'x' : d.component())
                            .replace('~', d.repetition() == 0 ? 'y' : d.repetition()).replace('&', d.subcomponent() == 0 ? 'z' : d.subcomponent()));
                }
            }
            String text = sb.toString();
            Segment s = new Segment(text, d, 1);
            ReferenceSegment r = new ReferenceSegment(text, d, 1);
            String what = text + " " + d;
            assertEquals(r.id(), s.id(), what);
            assertEquals(r.fieldCount(), s.fieldCount(), what);
            for (String other : new String[] {"MSH", "BHS", "OBR", "OB", "OBRX", ""}) {
                assertEquals(r.is(other), s.is(other), what + " is " + other);
            }
            int fields = r.fieldCount() + 2;
            for (int f = 0; f <= fields; f++) {
                assertEquals(r.field(f), s.field(f), what + " field " + f);
                assertEquals(r.repetitionCount(f), s.repetitionCount(f), what + " reps " + f);
                assertEquals(r.repetitions(f), s.repetitions(f), what + " repetitions " + f);
                assertEquals(r.value(f), s.value(f), what + " value " + f);
                for (int rep = 0; rep <= 3; rep++) {
                    for (int c = 0; c <= 4; c++) {
                        for (int sub = 0; sub <= 3; sub++) {
                            String where = what + " " + f + "(" + rep + ")." + c + "." + sub;
                            String raw = r.raw(f, rep, c, sub);
                            assertEquals(raw, s.raw(f, rep, c, sub), where);
                            assertEquals(r.value(f, rep, c, sub), s.value(f, rep, c, sub), where);
                            assertEquals(raw.equals("\"\""), s.rawEquals("\"\"", f, rep, c, sub), where);
                            assertEquals(raw.isEmpty(), s.rawEquals("", f, rep, c, sub), where);
                            compared++;
                        }
                    }
                }
            }
        }
        System.out.println(compared + " places compared");
    }
}
