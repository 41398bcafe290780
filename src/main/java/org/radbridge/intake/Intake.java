package org.radbridge.intake;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.ErrorLocation;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Limits;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Hl7Version;
import org.radbridge.hl7.Segment;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.store.JournalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving steps of routes/intake.camel.yaml: {@link #decode} (charset by MSH-18 or the sender's
 * override, raw bytes kept), {@link #screen} (the header checks of docs/acknowledgements.md and dispatch
 * to flows), {@link #fail} (any refusal or failure becomes a journaled AE/AR) and {@link #acknowledge}.
 */
public final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    /** Limits and policies read from the radbridge.mllp.* and radbridge.hl7.* properties. */
    public record Policy(int maxMessageBytes, boolean enforcePeers, String batchPolicy, Path spoolDir, Hl7Limits limits) {

        public Policy(int maxMessageBytes, boolean enforcePeers, String batchPolicy, Path spoolDir) {
            this(maxMessageBytes, enforcePeers, batchPolicy, spoolDir, Hl7Limits.NONE);
        }
    }

    private volatile Hl7Peers peers;
    private volatile MessageFlows flows;
    private volatile OrderIdentifiers identifiers;
    private final Policy policy;
    private final JournalWriter journalWriter;
    private final Acks acks;
    private final AuditTrail audit;
    private volatile boolean anyCharsetOverride;
    private final Set<String> warnedSenders = ConcurrentHashMap.newKeySet();
    private volatile SiteHooks siteHooks = SiteHooks.NONE;
    private volatile java.util.function.Predicate<Hl7Message> forwarding = m -> false;
    /** Journal failures: once with the stack trace, then once a minute, and once when the journal works again. */
    private final RateLimitedLog storageLog = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
    private static final String JOURNAL = "journal";

    /** @param identifiers where the journal keys and every flow read a message's identifiers (mappings/hl7-to-mwl/) */
    public Intake(Hl7Peers peers, MessageFlows flows, OrderIdentifiers identifiers, Policy policy, JournalWriter journalWriter,
            Acks acks, AuditTrail audit) {
        this.peers = peers;
        this.flows = flows;
        this.identifiers = identifiers;
        this.policy = policy;
        this.journalWriter = journalWriter;
        this.acks = acks;
        this.audit = audit;
        this.anyCharsetOverride = !peers.defaults().charset().isEmpty()
                || peers.all().stream().anyMatch(p -> !p.charset().isEmpty());
    }

    /** The identifier reader now in force (mappings/hl7-to-mwl/; a reload swaps it), for parts outside a message's flows. */
    public OrderIdentifiers identifiers() {
        return identifiers;
    }

    /** The site routes' hooks (set once the site routes are loaded; a reload swaps what they contain). */
    public void siteHooks(SiteHooks h) {
        this.siteHooks = h;
    }

    public SiteHooks siteHooks() {
        return siteHooks;
    }

    /**
     * Whether a forwarding rule (mappings/to-hl7/forwarding.yaml) takes a message: such a message also goes
     * through the flow {@link #FORWARD}, and a type that message-flows.yaml does not list is accepted for it.
     */
    public void forwarding(java.util.function.Predicate<Hl7Message> rules) {
        this.forwarding = rules;
    }

    /** The flow of the forwarding rules (routes/forward.camel.yaml). */
    public static final String FORWARD = "forward";

    /**
     * A configuration reload (config.ConfigReloader, between messages): the senders, message flows and identifier
     * paths now in force.
     */
    public void reconfigure(Hl7Peers nextPeers, MessageFlows nextFlows, OrderIdentifiers nextIdentifiers) {
        this.identifiers = nextIdentifiers;
        this.anyCharsetOverride = !nextPeers.defaults().charset().isEmpty()
                || nextPeers.all().stream().anyMatch(p -> !p.charset().isEmpty());
        this.peers = nextPeers;
        this.flows = nextFlows;
        journalWriter.flows(nextFlows);
    }

    /** Set on an Inbound made from an incomplete MLLP block (a start block arrived before its end block). */
    static final FlowKey<Boolean> INCOMPLETE_BLOCK = FlowKey.of("intake.incomplete-block");
    /** The size of an oversize block as received (its payload is not kept whole). */
    static final FlowKey<Long> RECEIVED_BYTES = FlowKey.of("intake.received-bytes");

    /** MLLP block -> Inbound: decoded by MSH-18 (or the sender's override) and parsed; never throws. */
    public Inbound decode(MllpFrame f) {
        Inbound in = new Inbound(f.payload(), System.currentTimeMillis(), f.channel(), f.remoteAddress(), f.tlsIdentity());
        in.oversize(f.oversize());
        if (f.oversize()) {
            in.put(RECEIVED_BYTES, f.receivedBytes());
        }
        decodeInto(in);
        if (f.incomplete()) {
            // journaled REJECTED with this reason, and not answered (see acknowledge)
            in.put(INCOMPLETE_BLOCK, Boolean.TRUE);
            in.fail(Hl7Error.refused(Hl7Error.Code.SEGMENT_SEQUENCE, null, "incomplete message: a new start block arrived"
                    + " before its end block; the fragment was not processed and not answered"));
        }
        return in;
    }

    /** Decodes stored raw bytes again (after-store processing, reprocess). */
    public Inbound reload(JournalRow row, Inbound.Mode mode) {
        Inbound in = new Inbound(row.raw() == null ? new byte[0] : row.raw(), row.receivedAt(), row.channel(),
                row.remoteAddress(), null);
        in.mode(mode);
        in.journalId(row.id());
        decodeInto(in);
        if (in.error() == null) {
            try {
                screenChecks(in);
            } catch (Hl7Error e) {
                in.fail(e);
            }
        }
        return in;
    }

    private void decodeInto(Inbound in) {
        in.identifiers(identifiers);
        byte[] raw = in.raw();
        if (raw.length == 0 || isBlank(raw)) {
            in.fail(Hl7Error.refused(Hl7Error.Code.SEGMENT_SEQUENCE, null, "empty message"));
            return;
        }
        String msh18 = Hl7Charsets.msh18(raw);
        Charset declared = Hl7Charsets.forName(msh18);
        Charset override = anyCharsetOverride ? overrideFor(raw) : null;
        Hl7Charsets.Decoded d = Hl7Charsets.decode(raw, 0, raw.length, override != null ? override : declared);
        try {
            Hl7Message m = Hl7Parser.parse(d.text());
            in.decoded(d.text(), d.charset(), m);
            in.peer(peers.match(m.msh().value(3, 1), m.msh().value(4, 1)));
            if (override == null && Hl7Charsets.isUnsupported(msh18)) {
                // decoded (and answered) in the default charset; never in a Java charset the sender named
                in.fail(Hl7Error.refused(Hl7Error.Code.TABLE_VALUE_NOT_FOUND, "MSH-18", "character set "
                        + clip(msh18.trim(), 40) + " is not supported (HL7 table 0211: " + Hl7Charsets.supportedNames() + ")"));
            }
        } catch (Hl7Error e) {
            in.decoded(d.text(), d.charset(), null);
            in.peer(peers.defaults());
            in.fail(e);
        } catch (RuntimeException | StackOverflowError e) {
            // a defect of the parser on this input: answered AR 207 and logged once, never a storm
            LOG.error("cannot read a received message ({} bytes): {}", raw.length, Throwables.brief(e), Throwables.trimmed(e));
            in.decoded(d.text(), d.charset(), null);
            in.peer(peers.defaults());
            in.fail(new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null, "internal error while reading the message"));
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private Charset overrideFor(byte[] raw) {
        String latin = new String(raw, 0, Math.min(raw.length, 2048), StandardCharsets.ISO_8859_1);
        try {
            Hl7Message head = Hl7Parser.parse(latin);
            Hl7Peer p = peers.match(head.msh().value(3, 1), head.msh().value(4, 1));
            return Hl7Charsets.forName(p.charset());
        } catch (Hl7Error e) {
            return null;
        }
    }

    private static boolean isBlank(byte[] raw) {
        for (byte b : raw) {
            if ((b & 0xff) > ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * The header checks (docs/acknowledgements.md) and dispatch: sets the flows and the acknowledgement
     * mode; throws {@link Hl7Error} with the AE/AR the message must get.
     */
    public Inbound screen(Inbound in) {
        if (in.error() != null) {
            throw in.error();
        }
        screenChecks(in);
        return in;
    }

    private void screenChecks(Inbound in) {
        Hl7Message m = in.message();
        if (in.oversize()) {
            throw Hl7Error.refused(Hl7Error.Code.INTERNAL_ERROR, null, "message of " + in.get(RECEIVED_BYTES)
                    + " bytes exceeds the limit of " + policy.maxMessageBytes() + " bytes (radbridge.mllp.max-message-bytes)");
        }
        policy.limits().check(m);
        Segment first = m.segments().get(0);
        if (first.is("FHS") || first.is("BHS")) {
            throw Hl7Error.refused(Hl7Error.Code.UNSUPPORTED_MESSAGE_TYPE, null,
                    "HL7 batches (FHS/BHS) are not accepted over MLLP: send each message in its own MLLP block");
        }
        if (!m.problems().isEmpty()) {
            throw new Hl7Error(AckCode.AE, Hl7Error.Code.SEGMENT_SEQUENCE, null,
                    m.problems().get(0) + " (a hard-wrapped field or lost segment separator?)");
        }
        requireField(m, 9, "MSH-9", "message type");
        if (m.triggerEvent().isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "MSH-9.2", "MSH-9.2 trigger event is missing");
        }
        requireField(m, 10, "MSH-10", "message control id");
        requireField(m, 11, "MSH-11", "processing id");
        requireField(m, 12, "MSH-12", "version id");
        int v = Hl7Version.number(m.version());
        if (v < 210 || v > 289) {
            throw Hl7Error.refused(Hl7Error.Code.UNSUPPORTED_VERSION, "MSH-12",
                    "version " + m.version() + " is not supported (2.1 to 2.8)");
        }
        Hl7Peer peer = in.peer();
        checkPeer(in, peer);
        if (!peer.acceptsProcessingId(m.processingId())) {
            throw Hl7Error.refused(Hl7Error.Code.UNSUPPORTED_PROCESSING_ID, "MSH-11",
                    "processing id " + m.processingId() + " is not accepted (accepted: " + String.join(", ", peer.processingIds()) + ")");
        }
        if (!peer.allows(m.messageType())) {
            throw Hl7Error.refused(Hl7Error.Code.UNSUPPORTED_MESSAGE_TYPE, "MSH-9",
                    "message type " + m.messageType() + " is not allowed from this sender");
        }
        boolean forwarded = forwarding.test(m);
        List<String> f;
        try {
            f = flows.flowsFor(m.messageCode(), m.triggerEvent());
        } catch (Hl7Error unlisted) {
            if (!forwarded) {
                throw unlisted;
            }
            f = List.of(); // a type no flow handles, accepted because a forwarding rule takes it
        }
        if (forwarded) {
            f = new java.util.ArrayList<>(f);
            f.add(FORWARD);
        }
        Hl7Error overlong = JournalKeys.overlong(m);
        if (overlong != null) {
            throw overlong;
        }
        in.flows(f);
        in.hooks(siteHooks.names());
        in.ackMode(peer.ackMode(m.messageType()));
        in.contentHash(contentHash(m));
        OrderIdentifiers.Keys keys = in.identifiers().keys(m);
        in.key("patient", keys.patient());
        in.key("accession", keys.accession());
        in.key("order", keys.order());
        in.key("patientName", JournalKeys.patientName(m));
    }

    private void checkPeer(Inbound in, Hl7Peer peer) {
        Hl7Message m = in.message();
        String problem = null;
        if (!peer.known()) {
            problem = "sender " + m.msh().value(3, 1) + "/" + m.msh().value(4, 1) + " is not a known peer (mappings/peers/hl7-senders.yaml)";
        } else if (!in.dryRun() && !peer.addresses().isEmpty() && !addressAllowed(in.remoteAddress(), peer.addresses())) {
            // (a dry run cannot come from the sender's address or TLS identity: those two checks are left out)
            problem = "sender " + peer.name() + " is not expected from this address";
        } else if (!in.dryRun() && !peer.tlsIdentity().isEmpty() && !peer.tlsIdentity().equals(in.tlsIdentity())) {
            problem = "sender " + peer.name() + " did not present the expected TLS identity";
        } else if (!peer.receivingApplication().isEmpty() && !peer.receivingApplication().equalsIgnoreCase(m.msh().value(5, 1))) {
            problem = "MSH-5 " + m.msh().value(5, 1) + " is not this receiver (" + peer.receivingApplication() + ")";
        } else if (!peer.receivingFacility().isEmpty() && !peer.receivingFacility().equalsIgnoreCase(m.msh().value(6, 1))) {
            problem = "MSH-6 " + m.msh().value(6, 1) + " is not this receiver (" + peer.receivingFacility() + ")";
        }
        if (problem == null) {
            return;
        }
        if (in.dryRun()) {
            // a dry run audits nothing: the refusal or the warning is only shown
            if (policy.enforcePeers()) {
                throw Hl7Error.refused(Hl7Error.Code.INTERNAL_ERROR, problem.startsWith("MSH-") ? problem.substring(0, 5) : "MSH-3", problem);
            }
            in.warn(problem);
            return;
        }
        if (policy.enforcePeers()) {
            audit.record(AuditEvents.securityAlert(AuditEvents.UNKNOWN_PEER_REFUSED, in.sender(), in.remoteAddress(), "hl7-sender",
                    in.sender(), true, problem, AuditEvents.fields("controlId", m.controlId(), "tlsIdentity", in.tlsIdentity())));
            throw Hl7Error.refused(Hl7Error.Code.INTERNAL_ERROR, problem.startsWith("MSH-") ? problem.substring(0, 5) : "MSH-3", problem);
        }
        if (warnedSenders.add(in.sender())) {
            LOG.warn("accepting message from an unverified sender (radbridge.peers.enforce=false): {}", problem);
            audit.record(AuditEvents.securityAlert(AuditEvents.UNVERIFIED_PEER_ACCEPTED, in.sender(), in.remoteAddress(),
                    "hl7-sender", in.sender(), false, problem, AuditEvents.fields("controlId", m.controlId(), "tlsIdentity", in.tlsIdentity())));
        }
        in.warn(problem);
    }

    private static boolean addressAllowed(String remote, List<String> allowed) {
        if (remote == null) {
            return false;
        }
        String host = remote.startsWith("/") ? remote.substring(1) : remote;
        int colon = host.lastIndexOf(':');
        if (colon > 0) {
            host = host.substring(0, colon);
        }
        return allowed.contains(host);
    }

    private static void requireField(Hl7Message m, int field, String path, String what) {
        if (m.msh().value(field, 1).isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, path, path + " " + what + " is missing");
        }
    }

    /** SHA-256 of the segments with MSH-7 (date/time of message) left out: a resend with a new MSH-7 is the same. */
    static String contentHash(Hl7Message m) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            boolean firstSeg = true;
            for (Segment s : m.segments()) {
                if (firstSeg && s.is("MSH")) {
                    String t = s.text();
                    char fs = s.delimiters().field();
                    int a = nthIndex(t, fs, 6);
                    int b = nthIndex(t, fs, 7);
                    if (a >= 0 && b > a) {
                        t = t.substring(0, a + 1) + t.substring(b);
                    }
                    md.update(t.getBytes(StandardCharsets.UTF_8));
                } else {
                    md.update(s.text().getBytes(StandardCharsets.UTF_8));
                }
                md.update((byte) '\r');
                firstSeg = false;
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int nthIndex(String s, char c, int n) {
        int i = -1;
        for (int k = 0; k < n; k++) {
            i = s.indexOf(c, i + 1);
            if (i < 0) {
                return -1;
            }
        }
        return i;
    }

    /**
     * Error handling of every intake route (routes/error-handling.camel.yaml): a live message is journaled
     * as refused (AE/AR; AR 207 for anything unexpected) and its ACK returned; a stored message (after-store
     * processing) goes to FAILED. If even the journal cannot be written, the raw bytes are spooled to
     * {@code <data-dir>/spool/} and the answer is AR 207 — never AA.
     */
    public Object fail(Object body, Exception e) {
        Inbound in = body instanceof Inbound i ? i : body instanceof MllpFrame f ? decode(f) : null;
        Hl7Error error = asHl7Error(e);
        if (in == null) {
            LOG.error("intake failure without a message: {}", Throwables.brief(e), Throwables.trimmed(e));
            in = new Inbound(new byte[0], System.currentTimeMillis(), "unknown", null, null);
            in.fail(error);
            in.acknowledged(error.ackCode(), acks.build(in, error.ackCode(), error));
            return acknowledge(in);
        }
        if (in.mode() != Inbound.Mode.LIVE) {
            try {
                journalWriter.commitFailed(in, error);
            } catch (RuntimeException ex) {
                LOG.error("cannot record failure of journal entry {}: {}", in.journalId(), Throwables.brief(ex), Throwables.trimmed(ex));
            }
            return null;
        }
        if (in.error() == null) {
            in.fail(error);
        }
        if (in.ackText() == null || in.ackCode() == AckCode.AA) {
            try {
                journalWriter.commit(in);
            } catch (RuntimeException ex) {
                spool(in, ex);
                Hl7Error storeError = new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null,
                        "the message could not be stored; send it again later");
                in.fail(storeError);
                in.acknowledged(AckCode.AR, acks.build(in, AckCode.AR, storeError));
            }
        }
        return acknowledge(in);
    }

    private static Hl7Error asHl7Error(Exception e) {
        if (e instanceof Hl7Error h) {
            return h;
        }
        Throwable c = e;
        while (c != null) {
            if (c instanceof Hl7Error h) {
                return h;
            }
            c = c.getCause();
        }
        if (e instanceof org.radbridge.store.StoreException) {
            return new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null, "the message could not be stored; send it again later");
        }
        // once, at the boundary, with a bounded stack trace (a StackOverflowError would print 1,024 frames)
        LOG.error("unexpected error while processing a message: {}", Throwables.brief(e), Throwables.trimmed(e));
        return new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null,
                "internal error while processing the message (" + (e == null ? "unknown" : e.getClass().getSimpleName()) + ")");
    }

    private void spool(Inbound in, RuntimeException cause) {
        try {
            Path dir = policy.spoolDir();
            Files.createDirectories(dir);
            Path f = dir.resolve(in.receivedAt() + "-" + System.nanoTime() + ".hl7");
            Files.write(f, in.raw());
            storageLog.failure(JOURNAL, cause, "journal unavailable ({}); raw messages are spooled to {}, the last to {}",
                    cause.toString(), dir, f.getFileName());
        } catch (Exception ex) {
            storageLog.failure(JOURNAL + "+spool", ex, "journal unavailable and spooling failed: {} / {}", cause.toString(),
                    ex.toString());
        }
    }

    /** The ACK as bytes in the message's charset, for the MLLP encoder. */
    public byte[] acknowledge(Inbound in) {
        if (in.ackCode() == AckCode.AA) {
            storageLog.recovered(JOURNAL, "journal available again: messages are stored, no longer spooled");
            storageLog.recovered(JOURNAL + "+spool", "journal available again");
        }
        if (Boolean.TRUE.equals(in.get(INCOMPLETE_BLOCK))) {
            // The sender abandoned this block and waits for the answer to its next one: one answer per complete
            // block keeps answers and messages in step on the connection (docs/acknowledgements.md, Framing).
            return null;
        }
        String ack = in.ackText();
        if (ack == null) {
            Hl7Error e = new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null, "no acknowledgement was produced");
            ack = acks.build(in, AckCode.AR, e);
        }
        Charset cs = in.charset() == null ? StandardCharsets.UTF_8 : in.charset();
        byte[] b = Hl7Charsets.encodeForMllp(ack, cs);
        in.ackBytes(b);
        return b;
    }
}
