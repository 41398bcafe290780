package org.radbridge.tls;

import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/**
 * The TLS material of radbridge.tls.*: key store (PKCS12 or JKS by extension), trust store, client
 * authentication (none, want, need) and protocols (TLS 1.2 or later only, PS3.15 B.12 / BCP 195); the context
 * offers only the forward-secret AEAD suites of {@link Bcp195} (RFC 9325 section 4.2). Passwords
 * come from the environment (RADBRIDGE_TLS_KEYSTORE_PASSWORD ...), never from the repository. One
 * SSLContext serves every listener and client that uses the engine's material; its key and trust stores
 * are re-read when their files change ({@link ReloadingStores}), so certificates renew without a restart.
 */
public final class TlsMaterial {

    private final Settings s;
    private SSLContext context;

    public TlsMaterial(Settings s) {
        this.s = s;
        String auth = clientAuth();
        if (!auth.equals("none") && !auth.equals("want") && !auth.equals("need")) {
            throw new ConfigException("radbridge.tls.client-auth", "must be none, want or need, is \"" + auth + "\"");
        }
        protocols();
        if (configured() && !auth.equals("none") && truststorePath().isEmpty()) {
            throw new ConfigException("radbridge.tls.truststore", "is required when radbridge.tls.client-auth is " + auth
                    + " (the CAs whose client certificates are accepted)");
        }
    }

    public boolean configured() {
        return s.isSet("radbridge.tls.keystore");
    }

    public String clientAuth() {
        return s.get("radbridge.tls.client-auth", "none").toLowerCase(Locale.ROOT);
    }

    /** radbridge.tls.protocols: a subset of TLSv1.3, TLSv1.2 ({@link Bcp195#protocols(String)}; TLSv1/1.1 refused). */
    public String[] protocols() {
        try {
            return Bcp195.protocols(s.get("radbridge.tls.protocols", "TLSv1.3,TLSv1.2"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("radbridge.tls.protocols", e.getMessage());
        }
    }

    public String keystorePath() {
        return s.get("radbridge.tls.keystore");
    }

    public String keystorePassword() {
        return s.get("radbridge.tls.keystore-password");
    }

    public String truststorePath() {
        return s.get("radbridge.tls.truststore");
    }

    public String truststorePassword() {
        return s.get("radbridge.tls.truststore-password");
    }

    /**
     * The engine's SSLContext (built on first use; key and trust stores reloaded when their files change,
     * so a certificate renewal is picked up on the next handshake). Without a trust store, the JDK's CAs.
     * Restricted to radbridge.tls.protocols and the BCP 195 suites ({@link Bcp195#restrict}).
     */
    public synchronized SSLContext sslContext() {
        if (context == null) {
            context = TlsContexts.build(keystore(), truststore(), protocols());
        }
        return context;
    }

    /** radbridge.tls.keystore, or null when not set. */
    public TlsContexts.Store keystore() {
        return configured() ? new TlsContexts.Store(Path.of(keystorePath()), keystorePassword().toCharArray(),
                "radbridge.tls.keystore") : null;
    }

    /** radbridge.tls.truststore, or null when not set (the JDK's CAs). */
    public TlsContexts.Store truststore() {
        return truststorePath().isEmpty() ? null : new TlsContexts.Store(Path.of(truststorePath()),
                truststorePassword().isEmpty() ? null : truststorePassword().toCharArray(), "radbridge.tls.truststore");
    }

    /**
     * A server-side engine of the engine's context: the protocols of radbridge.tls.protocols and the BCP 195
     * suites ({@link Bcp195}), client authentication as configured.
     */
    public SSLEngine serverEngine() {
        SSLEngine e = sslContext().createSSLEngine();
        e.setUseClientMode(false);
        e.setEnabledProtocols(protocols());
        switch (clientAuth()) {
            case "need" -> e.setNeedClientAuth(true);
            case "want" -> e.setWantClientAuth(true);
            default -> e.setNeedClientAuth(false);
        }
        return e;
    }
}
