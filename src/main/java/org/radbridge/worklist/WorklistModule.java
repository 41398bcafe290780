package org.radbridge.worklist;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.radbridge.engine.Beans;
import org.radbridge.settings.ConfigException;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.settings.Settings;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.mapping.DicomPeers;
import org.radbridge.worklist.mapping.MwlMapping;
import org.radbridge.worklist.query.MwlQuery;

/**
 * The worklist area (docs/worklist.md): the HL7-to-MWL mapping and order-control table, the beans of the
 * order-to-worklist and patient-update routes ({@code orderToWorklist}, {@code patientUpdate}), the MWL
 * C-FIND SCP registered on the engine's DICOM listener, the .wl export destination, GET/POST /api/worklist,
 * housekeeping, and bean {@code worklistService} for other areas (MPPS sets SPS statuses through it).
 */
public final class WorklistModule implements EngineModule {

    private Housekeeping housekeeping;
    private MwlScp scp;
    private int housekeepingMinutes;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        List<String> hidden = statuses(s, "radbridge.worklist.hide-statuses");
        int maxAnswers = s.getInt("radbridge.worklist.max-answers", 1, 1_000_000);
        long responseCacheBytes = s.getLong("radbridge.worklist.response-cache-bytes", 0);
        String responseCharset = charset(s, "radbridge.worklist.response-charset", true);
        String exportCharset = charset(s, "radbridge.worklist.export-charset", false);
        int expire = s.getInt("radbridge.worklist.expire-after-hours", 0, 1_000_000);
        int purge = s.getInt("radbridge.worklist.purge-after-days", 0, 100_000);
        housekeepingMinutes = s.getInt("radbridge.worklist.housekeeping-minutes", 1, 100_000);
        MwlMapping mapping = MwlMapping.load(ctx.mappings());
        OrderControl orderControl = OrderControl.load(ctx.mappings());
        WorklistStore store = new WorklistStore(ctx.db());
        boolean export = s.isSet("radbridge.worklist.export-dir");
        WorklistService service = new WorklistService(store, ctx.outbox(), export, hidden);
        if (export) {
            boolean dcmtk = "dcmtk".equals(s.oneOf("radbridge.worklist.export-layout", "dcmtk", "flat"));
            Path dir = Path.of(s.get("radbridge.worklist.export-dir"));
            if (dcmtk) {
                String ae = s.get("radbridge.worklist.export-ae", s.get("radbridge.dicom.ae-title"));
                if (!ae.matches("[A-Za-z0-9_\\-]{1,16}")) {
                    throw new ConfigException("radbridge.worklist.export-ae", "must be an AE title of letters, digits, '-' and '_' "
                            + "(it names the folder wlmscpfs serves), is \"" + ae + "\"");
                }
                dir = dir.resolve(ae);
            }
            ctx.workers().register(new WorklistExport(store, dir, dcmtk, hidden, exportCharset));
        }
        String filler = s.get("radbridge.hl7.application", "RADBRIDGE");
        checkSenderOptions(ctx.hl7Peers(), mapping, filler);
        OrderToWorklist orders = new OrderToWorklist(mapping, orderControl, service, filler);
        PatientUpdate patients = new PatientUpdate(mapping, service);
        ctx.bind("orderToWorklist", orders);
        ctx.bind("patientUpdate", patients);
        org.radbridge.config.ConfigReloader reloader = ctx.bean(org.radbridge.config.ConfigModule.RELOADER);
        if (reloader != null) {
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "worklist mapping (hl7-to-mwl/, codes/)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    MwlMapping m = MwlMapping.load(next);
                    OrderControl oc = OrderControl.load(next);
                    checkSenderOptions(org.radbridge.mapping.Hl7Peers.load(next), m, filler);
                    return () -> {
                        orders.reconfigure(m, oc);
                        patients.reconfigure(m);
                    };
                }
            });
        }
        ctx.bind("worklistService", service);
        DicomServiceRegistry registry = ctx.bean(Beans.DICOM_SERVICES);
        DicomPeers peers = ctx.bean(Beans.DICOM_PEERS);
        if (peers != null) {
            checkPeerCharsets(peers);
        }
        if (registry != null) {
            scp = new MwlScp(store, peers, new MwlScp.Config(new MwlQuery.Options(
                    s.getBoolean("radbridge.worklist.pn-case-insensitive"), hidden, null), maxAnswers, responseCharset,
                    responseCacheBytes),
                    ctx.audit(), ctx.metrics());
            registry.add(scp);
        }
        new WorklistApi(service, ctx.db(), ctx.audit()).register(ctx.http());
        ctx.metrics().collector(m -> m.set("radbridge_worklist_incomplete_items", "Worklist items without Modality or Scheduled "
                + "Station AE Title (PS3.4 K.6-1): never served by C-FIND nor exported", store.countIncomplete()));
        housekeeping = new Housekeeping(service, ctx.db(), ctx.audit(), s.get("radbridge.instance-id", "radbridge") + "-"
                + ProcessHandle.current().pid(), expire, purge);
    }

    @Override
    public void start(EngineContext ctx) {
        housekeeping.start(housekeepingMinutes);
    }

    @Override
    public void stop(EngineContext ctx) {
        if (housekeeping != null) {
            housekeeping.close();
        }
        if (scp != null) {
            scp.close();
        }
    }

    /** Every sender's identifier policy and switches must be valid: start-up fails naming the sender otherwise. */
    private static void checkSenderOptions(org.radbridge.mapping.Hl7Peers peers, MwlMapping mapping, String filler) {
        List<org.radbridge.mapping.Hl7Peer> all = new java.util.ArrayList<>(peers.all());
        all.add(peers.defaults());
        for (org.radbridge.mapping.Hl7Peer p : all) {
            var opts = mapping.options(p);
            try {
                org.radbridge.order.IdentifierPolicy.of((n, d) -> opts.apply("identifiers." + n, d), filler);
                for (String[] sw : new String[][] {{"protocol-code", "alternate", "primary"}, {"station-aet", "ipc-9", "orc-18", "routing"},
                        {"sps-start-missing", "message-time", "reject"}, {"unknown-order", "reject", "tombstone"}}) {
                    String v = opts.apply(sw[0], sw[1]);
                    if (!Arrays.asList(sw).subList(1, sw.length).contains(v)) {
                        throw new IllegalArgumentException(sw[0] + " must be one of " + Arrays.asList(sw).subList(1, sw.length) + ", is " + v);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new org.radbridge.mapping.MappingException("peers/hl7-senders.yaml",
                        "sender " + p.name() + ": options.worklist: " + e.getMessage());
            }
        }
    }

    /** Every response-charset of dicom-aes.yaml is ISO_IR 192, ISO_IR 100 or empty (follow the request). */
    private static void checkPeerCharsets(DicomPeers peers) {
        List<org.radbridge.mapping.DicomPeer> all = new java.util.ArrayList<>(peers.all().values());
        all.add(peers.match(null));
        for (org.radbridge.mapping.DicomPeer p : all) {
            String v = p.responseCharset();
            if (!v.isEmpty() && !v.equals(SpecificCharacterSet.ISO_IR_192) && !v.equals(SpecificCharacterSet.ISO_IR_100)) {
                throw new org.radbridge.mapping.MappingException(DicomPeers.FILE, (p.known() ? "AE " + p.aeTitle() : "defaults")
                        + ": response-charset must be \"ISO_IR 192\", \"ISO_IR 100\" or empty, is \"" + v + "\"");
            }
        }
    }

    private static List<String> statuses(Settings s, String key) {
        try {
            return Arrays.stream(s.get(key).split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(SpsStatus::of).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    private static String charset(Settings s, String key, boolean emptyAllowed) {
        String v = s.get(key).trim();
        if (v.isEmpty() && emptyAllowed) {
            return null;
        }
        if (!v.equals(SpecificCharacterSet.ISO_IR_192) && !v.equals(SpecificCharacterSet.ISO_IR_100)) {
            throw new ConfigException(key, "must be \"ISO_IR 192\" or \"ISO_IR 100\"" + (emptyAllowed ? " or empty" : "") + ", is \"" + v + "\"");
        }
        return v;
    }
}
