package org.radbridge.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.engine.http.HealthCheck;
import org.radbridge.audit.AuditEvents;
import org.radbridge.dicom.net.AssociationSettings;
import org.radbridge.dicom.net.DicomServer;
import org.radbridge.dicom.net.DimseBufferBudget;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;
import org.radbridge.engine.Beans;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.mapping.DicomPeers;
import org.radbridge.settings.Settings;
import org.radbridge.tls.TlsMaterial;

/**
 * The engine's DICOM listener (design.md §3-4): one {@link DicomServer} on radbridge.bind-host :
 * radbridge.dicom.port with AE title radbridge.dicom.ae-title, and, when radbridge.dicom.tls.port is set, a
 * second one with the TLS material of radbridge.tls.* (PS3.15 B.1). Both serve the shared
 * {@link DicomServiceRegistry}, bound as bean {@value #SERVICES}: Verification here, the worklist C-FIND SCP
 * and later MPPS / IAN SCPs register themselves in their module's configure(). Known peers come from
 * mappings/peers/dicom-aes.yaml (bean {@value #PEERS}): {@link DicomPeerPolicy} decides associations,
 * {@link DicomServiceFilter} the services each AE may use. Slow peers: radbridge.dicom.artim-seconds bounds the whole
 * association request, radbridge.dicom.max-pending-associations / -per-address the connections still in it
 * ({@code AssociationAdmission} of the DICOM layer); max-associations counts established associations only.
 * Peers' memory: radbridge.dicom.max-message-bytes bounds one DIMSE message, radbridge.dicom.max-buffered-bytes all
 * bytes in DIMSE reassembly of both listeners together ({@link DimseBufferBudget}; gauge radbridge_dicom_buffered_bytes,
 * counter {@value #REFUSED}).
 */
public final class DicomListenerModule implements EngineModule {

    /** Bean name of the shared {@link DicomServiceRegistry}. */
    public static final String SERVICES = Beans.DICOM_SERVICES;
    /** Bean name of the {@link DicomPeers}. */
    public static final String PEERS = Beans.DICOM_PEERS;

    /** Counter of associations aborted by a memory limit, label reason = max-message-bytes | buffer-budget. */
    public static final String REFUSED = "radbridge_dicom_refused_total";
    /** Smallest radbridge.dicom.max-message-bytes: room for any command set and a modest data set. */
    public static final int MIN_MESSAGE_BYTES = Settings.MIN_DICOM_MESSAGE_BYTES;

    private final List<DicomServer> servers = new ArrayList<>();
    private DimseBufferBudget budget;
    private DicomServiceRegistry registry;
    private DicomPeers peers;

    @Override
    public void configure(EngineContext ctx) {
        Settings s = ctx.settings();
        s.getInt("radbridge.dicom.max-associations", 1, 10_000);
        s.getInt("radbridge.dicom.idle-timeout-seconds", 0, 86_400);
        s.getInt("radbridge.dicom.artim-seconds", 1, 600);
        s.getInt("radbridge.dicom.max-pending-associations", 1, 10_000);
        s.getInt("radbridge.dicom.max-pending-per-address", 1, 10_000);
        budget = new DimseBufferBudget(s.getLong("radbridge.dicom.max-buffered-bytes", 1));
        budget.onRefusal(r -> ctx.metrics().inc(REFUSED, "DICOM associations aborted by a memory limit"
                + " (radbridge.dicom.max-message-bytes, radbridge.dicom.max-buffered-bytes)", "reason", r.label));
        ctx.metrics().collector(m -> m.set("radbridge_dicom_buffered_bytes", "Bytes buffered for DIMSE reassembly across all"
                + " DICOM associations (limit radbridge.dicom.max-buffered-bytes)", budget.used()));
        peers = DicomPeers.load(ctx.mappings());
        registry = new DicomServiceRegistry().add(new VerificationScp());
        ctx.bind(SERVICES, registry);
        ctx.bind(PEERS, peers);
        ctx.health().addCheck(new HealthCheck() {
            @Override
            public String name() {
                return "dicom";
            }

            @Override
            public boolean readiness() {
                return true;
            }

            @Override
            public Result check() {
                boolean up = !servers.isEmpty() && servers.stream().allMatch(d -> d.port() > 0 && d.accepting());
                return new Result(up, up ? "listening on " + servers.stream().map(d -> String.valueOf(d.port())).toList()
                        : "not listening");
            }
        });
    }

    @Override
    public void start(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        DicomServiceFilter handler = new DicomServiceFilter(registry, peers, ctx.audit());
        DicomPeerPolicy policy = new DicomPeerPolicy(peers, s.getBoolean("radbridge.peers.enforce"), ctx.audit());
        AssociationSettings as = new AssociationSettings()
                .idleTimeout(s.getInt("radbridge.dicom.idle-timeout-seconds", 0, 86_400) * 1000)
                .artimTimeout(s.getInt("radbridge.dicom.artim-seconds", 1, 600) * 1000)
                .maxMessageBytes(s.getInt("radbridge.dicom.max-message-bytes", MIN_MESSAGE_BYTES, Integer.MAX_VALUE - 8))
                .bufferBudget(budget); // one budget for the plain and the TLS listener
        int maxPending = s.getInt("radbridge.dicom.max-pending-associations", 1, 10_000);
        int maxPendingPerAddress = s.getInt("radbridge.dicom.max-pending-per-address", 1, 10_000);
        DicomServer.Config plain = new DicomServer.Config().name("DICOM").bindAddress(s.get("radbridge.bind-host"))
                .port(s.getInt("radbridge.dicom.port", 0, 65535)).aeTitles(Set.of(s.get("radbridge.dicom.ae-title")))
                .policy(policy).handler(handler).settings(as)
                .maxAssociations(s.getInt("radbridge.dicom.max-associations", 1, 10_000))
                .maxPending(maxPending, maxPendingPerAddress);
        servers.add(new DicomServer(plain).start());
        Integer tlsPort = s.getPortOrNull("radbridge.dicom.tls.port");
        if (tlsPort != null) {
            TlsMaterial tls = ctx.tls();
            DicomServer.ClientAuth auth = switch (tls.clientAuth()) {
                case "need" -> DicomServer.ClientAuth.NEED;
                case "want" -> DicomServer.ClientAuth.WANT;
                default -> DicomServer.ClientAuth.NONE;
            };
            DicomServer.Config secure = new DicomServer.Config().name("DICOM-TLS").bindAddress(s.get("radbridge.bind-host"))
                    .port(tlsPort).aeTitles(Set.of(s.get("radbridge.dicom.ae-title"))).policy(policy).handler(handler)
                    .settings(as).maxAssociations(s.getInt("radbridge.dicom.max-associations", 1, 10_000))
                    .maxPending(maxPending, maxPendingPerAddress)
                    .tls(tls.sslContext().getServerSocketFactory(), auth, tls.protocols())
                    .onTlsFailure((addr, ex) -> ctx.<org.radbridge.audit.AuditTrail>bean(Engine.SECURITY_ALERTS).record(AuditEvents.securityAlert(AuditEvents.TLS_HANDSHAKE_FAILED, null,
                            addr == null ? null : addr.getAddress().getHostAddress(), "listener", "dicom-tls", true,
                            MllpTlsInitializer.HandshakeAudit.reason(ex), null)));
            servers.add(new DicomServer(secure).start());
        }
    }

    /** The bound ports (plain first, then TLS), for tests and /health. */
    public List<Integer> ports() {
        return servers.stream().map(DicomServer::port).toList();
    }

    /** Graceful stop, first step: the listening sockets close; open associations go on until {@link #stop}. */
    public void stopAccepting() {
        servers.forEach(DicomServer::stopAccepting);
    }

    /** Associations still open on both listeners. */
    public int openAssociations() {
        return servers.stream().mapToInt(d -> d.activeAssociations().size()).sum();
    }

    @Override
    public void stop(EngineContext ctx) {
        for (DicomServer d : servers) {
            d.close();
        }
        servers.clear();
    }
}
