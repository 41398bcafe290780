package org.radbridge.intake;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.order.OrderIdentifiers;

/**
 * One received HL7 message on its way through the intake pipeline (routes/intake.camel.yaml): the raw
 * bytes as received, the decoded and parsed message, the sender, the flows it goes through, the effects
 * they planned, and finally the journal id and the acknowledgement. Flow beans take and return it.
 */
public final class Inbound {

    // received
    private final byte[] raw;
    private final long receivedAt;
    private final String channel;
    private final String remoteAddress;
    private final String tlsIdentity;

    // decoded
    private String text;
    private Charset charset;
    private Hl7Message message;
    private Hl7Peer peer;
    private String ackMode = Hl7Peer.AFTER_COMMIT;
    private List<String> flows = List.of();
    private java.util.Set<String> hooks = java.util.Set.of();
    private String contentHash;
    private OrderIdentifiers identifiers;
    private boolean oversize;

    // planned by flows
    private final List<Effect> effects = new ArrayList<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private Map<FlowKey<?>, Object> state;
    private final List<String> warnings = new ArrayList<>();

    // outcome
    private Hl7Error error;
    private long journalId = -1;
    private AckCode ackCode;
    private String ackText;
    private byte[] ackBytes;
    private boolean duplicate;
    private long reprocessOf = -1;
    private Mode mode = Mode.LIVE;
    private boolean dryRun;

    /** LIVE: received now and waiting for its ACK; STORED: after-store processing; REPROCESS: operator replay. */
    public enum Mode {
        LIVE, STORED, REPROCESS
    }

    public Inbound(byte[] raw, long receivedAt, String channel, String remoteAddress, String tlsIdentity) {
        this.raw = raw;
        this.receivedAt = receivedAt;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.tlsIdentity = tlsIdentity;
    }

    public byte[] raw() {
        return raw;
    }

    public long receivedAt() {
        return receivedAt;
    }

    public String channel() {
        return channel;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String tlsIdentity() {
        return tlsIdentity;
    }

    public String text() {
        return text;
    }

    public Charset charset() {
        return charset;
    }

    public Hl7Message message() {
        return message;
    }

    public Hl7Peer peer() {
        return peer;
    }

    public String ackMode() {
        return ackMode;
    }

    public boolean isAfterStore() {
        return Hl7Peer.AFTER_STORE.equals(ackMode) && error == null;
    }

    public List<String> flows() {
        return flows;
    }

    /**
     * The Camel endpoints of the flows, for the routing slip: "direct:order-to-worklist,...", each preceded by
     * the bean that calls the site route {@code direct:site-before-<flow>} when the site defines one
     * ({@link SiteHooks}, bean name {@link #hookBean}).
     */
    public String flowEndpoints() {
        StringBuilder sb = new StringBuilder();
        for (String f : flows) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            if (hooks.contains(SiteHooks.before(f))) {
                sb.append("bean:").append(hookBean(SiteHooks.before(f))).append(',');
            }
            sb.append("direct:").append(f);
        }
        return sb.toString();
    }

    /** The registry name of the bean that calls a site hook from the routing slip. */
    public static String hookBean(String hook) {
        return "siteHook-" + hook;
    }

    /** The site hooks defined when the message was screened (a reload does not change a message midway). */
    public java.util.Set<String> hooks() {
        return hooks;
    }

    void hooks(java.util.Set<String> h) {
        this.hooks = h;
    }

    String contentHash() {
        return contentHash;
    }

    boolean oversize() {
        return oversize;
    }

    public List<Effect> effects() {
        return Collections.unmodifiableList(effects);
    }

    public void addEffect(Effect e) {
        effects.add(e);
    }

    void clearEffects() {
        effects.clear();
    }

    /** Indexed keys of the journal entry: patient, accession, order (see {@link JournalKeys}). */
    public Map<String, String> keys() {
        return keys;
    }

    public void key(String name, String value) {
        if (value != null && !value.isEmpty()) {
            keys.put(name, value);
        }
    }

    /**
     * The value a flow step left under a typed key (e.g. the procedure identifiers the worklist flow settled), or
     * null; not persisted. See {@link FlowKey}.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(FlowKey<T> key) {
        // the only cast: put(FlowKey<T>, T) is the only way in, so a key's value is a T
        return state == null ? null : (T) state.get(key);
    }

    /** Leaves a value for a later step under a typed key (null removes it). */
    public <T> void put(FlowKey<T> key, T value) {
        if (value == null) {
            if (state != null) {
                state.remove(key);
            }
            return;
        }
        if (state == null) {
            state = new HashMap<>(8);
        }
        state.put(key, value);
    }

    public List<String> warnings() {
        return warnings;
    }

    public void warn(String w) {
        warnings.add(w);
    }

    public Hl7Error error() {
        return error;
    }

    public long journalId() {
        return journalId;
    }

    public AckCode ackCode() {
        return ackCode;
    }

    public String ackText() {
        return ackText;
    }

    byte[] ackBytes() {
        return ackBytes;
    }

    boolean duplicate() {
        return duplicate;
    }

    long reprocessOf() {
        return reprocessOf;
    }

    public Mode mode() {
        return mode;
    }

    void mode(Mode m) {
        this.mode = m;
    }

    /**
     * A dry run (bin/radbridge explain, POST /api/explain, the shadow run): the flows plan their effects, nothing is
     * journaled, applied or audited, and a failure is thrown back to the caller instead of being answered.
     */
    public boolean dryRun() {
        return dryRun;
    }

    public void dryRun(boolean d) {
        this.dryRun = d;
    }

    // ---- setters used by the pipeline ----

    void decoded(String text, Charset charset, Hl7Message message) {
        this.text = text;
        this.charset = charset;
        this.message = message;
    }

    /**
     * The message as a site route's before-hook adapted it (site.BeforeHook): the flows continue with it, the raw
     * bytes stay as received, and the patient, accession and order keys of the journal entry follow it.
     */
    public void adapted(String adaptedText, Hl7Message adapted) {
        decoded(adaptedText, charset, adapted);
        OrderIdentifiers.Keys k = identifiers().keys(adapted);
        key("patient", k.patient());
        key("accession", k.accession());
        key("order", k.order());
    }

    /**
     * The reader of the message's identifiers (accession, placer/filler, Study Instance UID, patient) under the
     * configuration in force when the message was received: every flow of the message reads them with the same paths
     * (mappings/hl7-to-mwl/, site overlay included), even when a reload happens midway. The packaged mappings' for an
     * Inbound made outside the intake.
     */
    public OrderIdentifiers identifiers() {
        OrderIdentifiers i = identifiers;
        return i != null ? i : OrderIdentifiers.packaged();
    }

    void identifiers(OrderIdentifiers ids) {
        this.identifiers = ids;
    }

    void peer(Hl7Peer peer) {
        this.peer = peer;
    }

    void ackMode(String mode) {
        this.ackMode = mode;
    }

    void flows(List<String> flows) {
        this.flows = List.copyOf(flows);
    }

    void contentHash(String h) {
        this.contentHash = h;
    }

    void oversize(boolean o) {
        this.oversize = o;
    }

    void fail(Hl7Error e) {
        this.error = e;
    }

    void journalId(long id) {
        this.journalId = id;
    }

    void acknowledged(AckCode code, String text) {
        this.ackCode = code;
        this.ackText = text;
    }

    void ackBytes(byte[] b) {
        this.ackBytes = b;
    }

    void duplicate(boolean d) {
        this.duplicate = d;
    }

    void reprocessOf(long id) {
        this.reprocessOf = id;
    }

    /** Sender key as journaled: MSH-3 and MSH-4, all components. */
    public String sender() {
        if (message == null) {
            return "";
        }
        return message.sendingApplication() + "|" + message.sendingFacility();
    }

    public String messageType() {
        return message == null ? "" : message.messageType();
    }

    @Override
    public String toString() {
        // no PHI: type, control id and journal id only
        return "Inbound[" + messageType() + " " + (message == null ? "" : message.controlId()) + " #" + journalId + "]";
    }
}
