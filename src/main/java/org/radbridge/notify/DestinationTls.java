package org.radbridge.notify;

import java.nio.file.Path;
import org.radbridge.tls.Bcp195;
import org.radbridge.tls.ClientTls;
import org.radbridge.tls.TlsContexts;
import org.radbridge.tls.TlsMaterial;

/**
 * The TLS client side of an MLLP destination (docs/emr-delivery.md, IHE ATNA ITI-19 node authentication): the
 * engine's radbridge.tls.* material or the destination's own key and trust stores, its protocols (default the
 * engine's), host name verification unless switched off; the context comes from {@link TlsContexts} like every
 * other, so a renewed certificate is used from the next handshake on.
 */
final class DestinationTls {

    private DestinationTls() {
    }

    /** The client TLS of {@code cfg}; a {@link org.radbridge.settings.ConfigException} when its material is unreadable. */
    static ClientTls of(String destination, Hl7DestinationConfig.Tls cfg, TlsMaterial engine) {
        String[] protocols = cfg.protocols() != null ? Bcp195.protocols(cfg.protocols()) : engine.protocols();
        if (cfg.engineMaterial()) {
            return ClientTls.of(engine.keystore(), engine.truststore(), protocols, cfg.verifyHostname());
        }
        String what = "destination " + destination + " tls";
        return ClientTls.of(store(cfg.keystore(), cfg.keystorePassword(), what + " keystore"),
                store(cfg.truststore(), cfg.truststorePassword(), what + " truststore"), protocols, cfg.verifyHostname());
    }

    private static TlsContexts.Store store(String path, String password, String name) {
        if (path == null || path.isBlank()) {
            return null;
        }
        return new TlsContexts.Store(Path.of(path), password == null ? null : password.toCharArray(), name);
    }
}
