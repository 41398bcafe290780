package org.radbridge.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.radbridge.engine.RouteGateway;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Acks;
import org.radbridge.intake.Effect;
import org.radbridge.intake.EffectPreview;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.Intake;
import org.radbridge.mllp.MllpFrame;

/**
 * Dry run of one HL7 message (bin/radbridge explain, POST /api/explain, the shadow run): the intake's decode and
 * header checks, then each flow's route of mappings/codes/message-flows.yaml (the real routes and beans: the
 * mappings of worklist/, fhir/ and notify/), and the effects the flows planned rendered as JSON. Nothing is
 * journaled, applied, queued or audited: the journal writer is never called, the {@link Inbound} is marked
 * {@link Inbound#dryRun()} so the intake audits no sender warning and the error route answers nothing.
 *
 * <p>What a dry run cannot show: the checks an effect makes against stored state when it is applied (an unknown
 * order for a change, a patient mismatch, an identifier already used by another order, a merged patient), and the
 * sender's address and TLS identity checks.
 */
public final class Explainer {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Intake intake;
    private final Acks acks;
    private final Supplier<RouteGateway> routes;

    public Explainer(Intake intake, Acks acks, Supplier<RouteGateway> routes) {
        this.intake = intake;
        this.acks = acks;
        this.routes = routes;
    }

    /** The report of what the flows would produce from {@code raw} (one HL7 message as its bytes). */
    public ObjectNode explain(byte[] raw, String channel) {
        Inbound in = intake.decode(new MllpFrame(raw, raw.length, false, null, channel, null));
        in.dryRun(true);
        Hl7Error error = null;
        try {
            intake.screen(in);
            RouteGateway gw = routes.get();
            if (gw == null) {
                throw new IllegalStateException("the engine's routes are not running");
            }
            String endpoints = in.flowEndpoints();
            for (String endpoint : endpoints.isEmpty() ? new String[0] : endpoints.split(",")) {
                Inbound out = gw.request(endpoint, in, Inbound.class);
                in = out == null ? in : out;
            }
        } catch (Exception e) {
            error = asHl7Error(e);
        }
        return render(in, error);
    }

    private static Hl7Error asHl7Error(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof Hl7Error h) {
                return h;
            }
        }
        return new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null,
                "internal error while processing the message (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }

    private ObjectNode render(Inbound in, Hl7Error error) {
        ObjectNode r = JSON.createObjectNode();
        r.put("dryRun", true);
        ObjectNode msg = r.putObject("message");
        if (in.message() != null) {
            msg.put("type", in.messageType());
            msg.put("controlId", in.message().controlId());
            msg.put("version", in.message().version());
            msg.put("sender", in.sender());
        }
        if (in.peer() != null) {
            msg.put("peer", in.peer().known() ? in.peer().name() : null);
            msg.put("ackMode", in.ackMode());
        }
        ArrayNode flows = r.putArray("flows");
        in.flows().forEach(flows::add);
        ObjectNode answer = r.putObject("answer");
        AckCode code = error == null ? AckCode.AA : error.ackCode();
        answer.put("code", code.name());
        if (error != null) {
            answer.put("error", error.code().value);
            answer.put("location", error.location() == null ? null : error.location().describe());
            answer.put("text", error.text());
        }
        answer.put("ack", acks.build(in, code, error).replace('\r', '\n'));
        ArrayNode worklist = r.putArray("worklist");
        ArrayNode fhir = r.putArray("fhir");
        ArrayNode hl7 = r.putArray("hl7");
        ArrayNode held = r.putArray("held");
        ArrayNode effects = r.putArray("effects");
        if (error == null) {
            // a refused message changes nothing: the effects planned before the refusal are not shown
            for (Effect e : in.effects()) {
                for (EffectPreview p : e.preview()) {
                    effects.add(p.summary());
                    add(p, worklist, fhir, hl7, held);
                }
            }
        }
        ArrayNode warnings = r.putArray("warnings");
        in.warnings().forEach(warnings::add);
        return r;
    }

    private static void add(EffectPreview p, ArrayNode worklist, ArrayNode fhir, ArrayNode hl7, ArrayNode held) {
        switch (p.kind()) {
            case EffectPreview.WORKLIST -> parse(p.content()).forEach(worklist::add);
            case EffectPreview.FHIR -> fhir.add(parse(p.content()));
            case EffectPreview.HL7 -> {
                ObjectNode o = hl7.addObject();
                o.put("destination", p.destination());
                o.put("message", p.content() == null ? null : p.content().replace("\r\n", "\n").replace('\r', '\n'));
            }
            case EffectPreview.HELD -> {
                ObjectNode o = held.addObject();
                o.put("destination", p.destination());
                o.put("reason", p.content());
                o.put("summary", p.summary());
            }
            default -> {
                // summary only (in "effects")
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("an effect's preview is not JSON: " + e.getMessage(), e);
        }
    }
}
