package org.radbridge.hl7;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-message structure limits (radbridge.hl7.max-segments, radbridge.hl7.max-repetitions): a message with
 * more segments, or a field with more repetitions (HL7 v2.5 2.5.3 "Fields", repetition separator), than the
 * limit is refused before any mapping reads it. Checked in one linear pass over the segment texts.
 * docs/acknowledgements.md: AR 100 at the first segment over the limit, AR 104 at the field.
 */
public record Hl7Limits(int maxSegments, int maxRepetitions) {

    /** No limits (tools reading stored messages). */
    public static final Hl7Limits NONE = new Hl7Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Hl7Limits {
        if (maxSegments < 1 || maxRepetitions < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    /** @throws Hl7Error AR 100 (too many segments) or AR 104 (too many repetitions of a field) */
    public void check(Hl7Message m) {
        int n = m.segments().size();
        Map<String, Integer> sequence = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Segment s = m.segments().get(i);
            int seq = sequence.merge(s.id(), 1, Integer::sum);
            if (i >= maxSegments) {
                throw new Hl7Error(AckCode.AR, Hl7Error.Code.SEGMENT_SEQUENCE, ErrorLocation.segment(s.id(), seq),
                        "the message has " + n + " segments, more than the limit of " + maxSegments
                                + " (radbridge.hl7.max-segments)");
            }
            checkRepetitions(s, seq);
        }
    }

    private void checkRepetitions(Segment s, int seq) {
        char rs = s.delimiters().repetition();
        if (rs == 0) {
            return;
        }
        String t = s.text();
        char fs = s.delimiters().field();
        boolean header = s.is("MSH") || s.is("FHS") || s.is("BHS");
        int field = header ? 1 : 0; // HL7 number of the field being read (MSH-1 is the separator itself)
        int reps = 1;
        for (int i = 3; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == fs) {
                field++;
                reps = 1;
            } else if (c == rs && !(header && field == 2)) { // MSH-2 holds the repetition character itself
                if (++reps > maxRepetitions) {
                    throw new Hl7Error(AckCode.AR, Hl7Error.Code.VALUE_TOO_LONG,
                            new ErrorLocation(s.id(), seq, field, maxRepetitions + 1, 0, 0),
                            s.id() + "-" + field + " has more than " + maxRepetitions
                                    + " repetitions (radbridge.hl7.max-repetitions)");
                }
            }
        }
    }
}
