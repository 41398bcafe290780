package org.radbridge.worklist;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.net.service.BasicCFindScp;
import org.radbridge.dicom.net.service.BasicQueryTask;
import org.radbridge.dicom.net.service.QueryTask;
import org.radbridge.mapping.DicomPeer;
import org.radbridge.mapping.DicomPeers;
import org.radbridge.metrics.Metrics;
import org.radbridge.worklist.query.MwlQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modality Worklist Information Model - FIND SCP (PS3.4 K.6, IHE RAD-5): the identifier is matched on the
 * indexed columns of the worklist ({@link MwlQuery}, {@link WorklistStore#match}); each match is answered
 * with the request's return keys (zero-length when the item has no value), in the character set of
 * PS3.4 C.4.1.1.3.2: the calling AE's configured response-charset (dicom-aes.yaml, else
 * radbridge.worklist.response-charset) when one is set, else the request's Specific Character Set when it is
 * supported and holds the answer, else ISO_IR 192 ({@link org.radbridge.dicom.SpecificCharacterSet#forResponse}).
 * More than radbridge.worklist.max-answers matches end, after that many pending responses, with A700 (Refused:
 * Out of Resources) and an Error Comment, never with Success. Every query is audited (calling AE, matching keys,
 * number of matches) and counted in /metrics. Items without Modality or Scheduled Station AE Title never match.
 */
public final class MwlScp extends BasicCFindScp {

    private static final Logger LOG = LoggerFactory.getLogger(MwlScp.class);
    /** Data sets loaded at a time: the first page with the matching statement, the next ones by id. */
    private static final int PAGE = 100;

    /** The SCP's settings (radbridge.worklist.*; responseCacheBytes: {@link MwlResponseCache}, 0 = off). */
    public record Config(MwlQuery.Options matching, int maxAnswers, String responseCharset, long responseCacheBytes) {
    }

    private final WorklistStore store;
    private final DicomPeers peers;
    private final Config cfg;
    private final QueryAudit queryAudit;
    private final Metrics metrics;
    private final MwlResponseCache cache;

    public MwlScp(WorklistStore store, DicomPeers peers, Config cfg, AuditTrail audit, Metrics metrics) {
        super(UID.ModalityWorklistInformationModelFind);
        this.store = store;
        this.peers = peers;
        this.cfg = cfg;
        this.queryAudit = new QueryAudit(store.db(), audit);
        this.metrics = metrics;
        this.cache = new MwlResponseCache(cfg.responseCacheBytes());
    }

    /** The encoded answers kept (package-private for tests and the benchmark's cost breakdown). */
    MwlResponseCache cache() {
        return cache;
    }

    @Override
    protected QueryTask calculateMatches(Association as, PresentationContext pc, Attributes rq, Attributes keys)
            throws DicomServiceException {
        long start = System.nanoTime();
        DicomPeer peer = peers.match(as.callingAE());
        MwlQuery.Options o = cfg.matching();
        MwlQuery q;
        try {
            q = MwlQuery.parse(keys, new MwlQuery.Options(o.pnCaseInsensitive(), o.hiddenStatuses(),
                    peer.stationFilter(as.callingAE())));
        } catch (IllegalArgumentException e) {
            throw new DicomServiceException(Status.UNABLE_TO_PROCESS, "cannot match: " + e.getMessage());
        }
        WorklistStore.Matches found = store.match(q, cfg.maxAnswers() + 1, PAGE);
        List<Long> ids = found.ids();
        boolean overflow = ids.size() > cfg.maxAnswers();
        List<Long> sent = overflow ? ids.subList(0, cfg.maxAnswers()) : ids;
        String charset = peer.responseCharset().isEmpty() ? cfg.responseCharset() : peer.responseCharset();
        auditQuery(as, keys, sent.size(), overflow);
        LOG.debug("{}: MWL C-FIND {} match(es){}", as, sent.size(), overflow ? " (limit exceeded)" : "");
        List<WorklistStore.Stored> first = found.first().size() > sent.size() ? found.first().subList(0, sent.size()) : found.first();
        return new Task(keys, charset == null || charset.isBlank() ? null : charset, new ArrayList<>(sent), first, overflow,
                q.optionalKeysNotSupported(), start, as.callingAE());
    }

    /**
     * Sends the matches, loading their stored data sets a page at a time; each answer is taken from the
     * {@link MwlResponseCache} when it holds one for the item's current bytes and this request's shape, else made
     * (decode, {@link #adjust}, encode) and kept there.
     */
    private final class Task extends BasicQueryTask {
        private final List<Long> ids;
        private final boolean overflow;
        private final boolean unsupported;
        private final long start;
        private final String callingAe;
        private List<WorklistStore.Stored> page;
        private int next;
        private int pageStart;
        private String shape;
        private TransferSyntax shapeTs;
        private int cached;
        private int encoded;

        private final String charset;

        Task(Attributes keys, String charset, List<Long> ids, List<WorklistStore.Stored> first, boolean overflow,
                boolean unsupported, long start, String callingAe) {
            super(keys, charset);
            this.page = first;
            this.charset = charset;
            this.ids = ids;
            this.overflow = overflow;
            this.unsupported = unsupported;
            this.start = start;
            this.callingAe = callingAe;
        }

        @Override
        public boolean hasMoreMatches() throws DicomServiceException {
            if (isCanceled()) {
                return false;
            }
            if (next < ids.size()) {
                return true;
            }
            if (overflow) {
                metrics.inc("radbridge_mwl_queries_refused_total", "MWL C-FIND queries ended by the answer limit", "reason", "max-answers");
                LOG.info("MWL C-FIND from {}: more than {} matches (radbridge.worklist.max-answers), answered A700",
                        callingAe, ids.size());
                // Error Comment is LO, at most 64 characters: with the largest limit (7 digits) this is 63
                throw new DicomServiceException(Status.OUT_OF_RESOURCES, "More than " + ids.size()
                        + " matches (max-answers): narrow by station/date");
            }
            return false;
        }

        /** Within a loaded page of data sets: the next response can follow without waiting for the database. */
        @Override
        public boolean nextMatchReady() {
            return !isCanceled() && next < ids.size() && next - pageStart < page.size();
        }

        /** The next match's stored data set (null: the item is gone since matching). */
        private WorklistStore.Stored nextStored() {
            if (next - pageStart >= page.size()) {
                pageStart = next;
                page = store.stored(ids.subList(next, Math.min(ids.size(), next + PAGE)));
            }
            WorklistStore.Stored a = next - pageStart < page.size() ? page.get(next - pageStart) : null;
            next++;
            return a;
        }

        @Override
        protected Attributes next() {
            WorklistStore.Stored a = nextStored();
            return a == null ? null : a.decoded();
        }

        @Override
        public byte[] nextMatchEncoded(TransferSyntax ts) {
            WorklistStore.Stored a = nextStored();
            if (a == null) {
                return null;
            }
            if (ts != shapeTs) {
                shape = MwlResponseCache.shape(keys, charset, ts.uid());
                shapeTs = ts;
            }
            byte[] answer = cache.get(a.id(), a.dataset(), shape);
            if (answer == null) {
                answer = new DicomWriter(ts).encode(adjust(a.decoded()));
                cache.put(a.id(), a.dataset(), shape, answer);
                encoded++;
            } else {
                cached++;
            }
            return answer;
        }

        @Override
        public boolean optionalKeysNotSupported() {
            return unsupported;
        }

        /** Return-key projection (PS3.4 C.2.2.1) without copying values: the match is a fresh decode owned by this task. */
        @Override
        protected Attributes adjust(Attributes match) {
            Attributes r = project(match, keys);
            return org.radbridge.dicom.SpecificCharacterSet.apply(r, org.radbridge.dicom.SpecificCharacterSet.forResponse(r, charset,
                    keys.getStrings(org.radbridge.dicom.Tag.SpecificCharacterSet)));
        }

        @Override
        public void close() {
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.inc("radbridge_mwl_queries_total", "MWL C-FIND queries by calling AE", "calling_ae", peers.match(callingAe).known() ? callingAe : "unknown");
            metrics.observe("radbridge_mwl_query_seconds", "MWL C-FIND time from request to last response", seconds);
            String help = "MWL C-FIND pending responses by source: kept encoded answers (cache) or encoded from the item";
            if (cached > 0) {
                metrics.add("radbridge_mwl_answers_total", help, cached, "source", "cache");
            }
            if (encoded > 0) {
                metrics.add("radbridge_mwl_answers_total", help, encoded, "source", "encoded");
            }
        }
    }

    /**
     * The request's keys with the match's values (zero length when it has none); a sequence key with an item
     * projects each item of the match, one without items returns the whole sequence. Values are shared, not copied.
     */
    static Attributes project(Attributes match, Attributes keys) {
        Attributes out = new Attributes();
        for (Attributes.Element k : keys) {
            int tag = k.tag();
            if (tag == org.radbridge.dicom.Tag.SpecificCharacterSet) {
                continue;
            }
            Attributes.Element m = match.get(tag);
            if (m == null) {
                out.setNull(tag, k.vr() == org.radbridge.dicom.VR.UN ? org.radbridge.dicom.VR.UN : k.vr());
            } else if (m.value() instanceof Sequence seq && k.value() instanceof Sequence ks && !ks.isEmpty() && !ks.get(0).isEmpty()) {
                Sequence projected = out.newSequence(tag);
                for (Attributes item : seq) {
                    projected.add(project(item, ks.get(0)));
                }
            } else {
                out.setValue(tag, m.vr(), m.value());
            }
        }
        return out;
    }

    /** QUERY audit record (calling AE, the matching keys given, match count), written in batches ({@link QueryAudit}). */
    private void auditQuery(Association as, Attributes keys, int matches, boolean overflow) {
        String addr = as.remoteAddress() == null ? null : as.remoteAddress().getAddress().getHostAddress();
        queryAudit.record(AuditEvents.query(as.callingAE(), addr, as.calledAE(), keyValues(keys), matches, overflow));
    }

    /** Writes the query audit records still pending (the engine is stopping). */
    public void close() {
        queryAudit.close();
    }

    /** The keys that carry a value, as Keyword -> value (sequence items flattened with '>'). */
    static java.util.Map<String, String> keyValues(Attributes keys) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        collect(out, keys, "");
        return out;
    }

    private static void collect(java.util.Map<String, String> out, Attributes a, String prefix) {
        for (Attributes.Element e : a) {
            String kw = org.radbridge.dicom.Dictionary.keywordOf(e.tag());
            String name = prefix + (kw.isEmpty() ? org.radbridge.dicom.Dictionary.toString(e.tag()) : kw);
            if (e.value() instanceof Sequence s) {
                if (!s.isEmpty()) {
                    collect(out, s.get(0), name + ">");
                }
            } else if (e.value() instanceof String v && !v.isEmpty() && e.tag() != org.radbridge.dicom.Tag.SpecificCharacterSet) {
                out.put(name, v);
            }
        }
    }
}
