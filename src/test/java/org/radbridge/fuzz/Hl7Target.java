package org.radbridge.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.AckIds;
import org.radbridge.intake.Acks;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.Intake;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.store.Tx;
import org.radbridge.testing.ProjectPaths;

/**
 * The HL7 receiving path without storage, as routes/intake.camel.yaml runs it on one MLLP block:
 * {@link Intake#decode} (MSH-18 charset, {@link Hl7Parser}), {@link Intake#screen} (header checks,
 * dispatch, journal keys), a walk over every field, repetition, component and subcomponent of the parsed
 * {@link Hl7Message}, and the acknowledgement ({@link Acks}, i.e. AckBuilder on the parsed request),
 * which must itself parse as HL7 with an MSA carrying the answer. The only refusal allowed is
 * {@link Hl7Error}.
 */
public final class Hl7Target implements FuzzTarget {

    /** Peers enforced (a refusal is audited, not logged: the no-op trail below), as in production. */
    private final Intake intake;
    private final Acks acks = new Acks("RADBRIDGE", "FUZZ", new AckIds("F"));

    public Hl7Target() {
        Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), null);
        this.intake = newIntake(Hl7Peers.load(m), MessageFlows.load(m));
    }

    /** The one place that knows Intake's constructor (keep in step with app/Engine). */
    private static Intake newIntake(Hl7Peers peers, MessageFlows flows) {
        AuditTrail noAudit = new AuditTrail() {
            @Override
            public void record(Tx tx, AuditEvent e) {
            }

            @Override
            public void record(AuditEvent e) {
            }
        };
        return new Intake(peers, flows, org.radbridge.order.OrderIdentifiers.packaged(),
                new Intake.Policy(1024 * 1024, true, "refuse", Path.of("target/fuzz-spool")),
                null, null, noAudit);
    }

    @Override
    public String name() {
        return "hl7";
    }

    @Override
    public void accept(byte[] input) {
        answer(input);
    }

    /** The ACK text the engine would send for these bytes (checked to be HL7 with the right MSA-1). */
    public String answer(byte[] input) {
        Inbound in = intake.decode(new MllpFrame(input, input.length, false, "/127.0.0.1:40000", "mllp", null));
        Hl7Error error = in.error();
        if (error == null) {
            try {
                intake.screen(in);
            } catch (Hl7Error e) {
                error = e;
            }
        }
        if (in.message() != null) {
            walk(in.message());
        }
        AckCode code = error == null ? AckCode.AA : error.ackCode();
        String ack = acks.build(in, code, error);
        Hl7Message parsed;
        try {
            parsed = Hl7Parser.parse(ack);
        } catch (Hl7Error e) {
            throw new AssertionError("the ACK is not HL7: " + visible(ack), e);
        }
        Segment msa = parsed.segment("MSA");
        if (msa == null || !code.name().equals(msa.value(1))) {
            throw new AssertionError("the ACK has no MSA with " + code + ": " + visible(ack));
        }
        return ack;
    }

    /** Reads every piece of every segment the way the mappings read fields (Segment.value by position). */
    static long walk(Hl7Message m) {
        long n = m.messageType().length() + m.controlId().length() + m.version().length() + m.characterSet().length()
                + m.processingId().length() + m.sendingApplication().length() + m.get("PID-3(2).1").length()
                + m.get("OBR-4.2").length() + m.problems().size() + m.groups("ORC").size();
        char comp = m.delimiters().component();
        char sub = m.delimiters().subcomponent();
        for (Segment s : m.segments()) {
            int fields = s.fieldCount();
            boolean header = s.is("MSH") || s.is("FHS") || s.is("BHS");
            for (int f = 1; f <= fields; f++) {
                if (header && f <= 2) {
                    n += s.value(f).length(); // field separator and encoding characters: no components
                    continue;
                }
                int reps = Math.max(1, s.repetitions(f).size());
                for (int r = 1; r <= reps; r++) {
                    int comps = count(s.raw(f, r, 0, 0), comp);
                    for (int c = 1; c <= comps; c++) {
                        int subs = count(s.raw(f, r, c, 0), sub);
                        for (int k = 1; k <= subs; k++) {
                            n += s.value(f, r, c, k).length();
                        }
                    }
                }
            }
        }
        return n;
    }

    private static int count(String s, char sep) {
        if (sep == 0) {
            return 1;
        }
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                n++;
            }
        }
        return n;
    }

    static String visible(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 400; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                sb.append("<CR>");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("<%02X>", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
