package org.radbridge.notify;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.radbridge.settings.ConfigException;
import org.radbridge.tls.TlsMaterial;
import org.radbridge.tls.Bcp195;

/**
 * The TLS client side of an MLLP destination ("MLLPS", IHE ATNA ITI-19 node authentication): TLS 1.2 or
 * 1.3 only with the forward-secret AEAD suites of {@link Bcp195} (BCP 195), the server certificate checked against the trust store and, unless switched off, against the
 * host name (endpoint identification); a client certificate when a key store is given (mutual TLS). The
 * material is the engine's radbridge.tls.* or the destination's own. Key and trust stores are read again
 * when their files change, so a renewed certificate is used from the next connection on.
 */
final class ClientTls {

    private final String destination;
    private final Hl7DestinationConfig.Tls cfg;
    private final TlsMaterial engine;
    private SSLContext context;
    private long stamp = Long.MIN_VALUE;

    ClientTls(String destination, Hl7DestinationConfig.Tls cfg, TlsMaterial engine) {
        this.destination = destination;
        this.cfg = cfg;
        this.engine = engine;
        context(); // fail at start-up on unreadable material
    }

    private String keystore() {
        return cfg.engineMaterial() ? blank(engine.keystorePath()) : cfg.keystore();
    }

    private String truststore() {
        return cfg.engineMaterial() ? blank(engine.truststorePath()) : cfg.truststore();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private List<String> protocols() {
        if (cfg.protocols() != null) {
            return cfg.protocols();
        }
        return List.of(engine.protocols());
    }

    /** Wraps a connected socket in TLS (not yet handshaken). */
    SSLSocket wrap(Socket plain, String host, int port) throws java.io.IOException {
        SSLSocket s = (SSLSocket) context().getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(protocols().toArray(String[]::new));
        if (cfg.verifyHostname()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        return s;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    synchronized SSLContext context() {
        long now = mtime(keystore()) * 31 + mtime(truststore());
        if (context != null && now == stamp) {
            return context;
        }
        try {
            KeyManagerFactory kmf = null;
            if (keystore() != null) {
                char[] pw = password(cfg.engineMaterial() ? engine.keystorePassword() : cfg.keystorePassword());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keystore(), pw), pw);
            }
            TrustManagerFactory tmf = null;
            if (truststore() != null) {
                char[] pw = password(cfg.engineMaterial() ? engine.truststorePassword() : cfg.truststorePassword());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(truststore(), pw));
            }
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            context = Bcp195.restrict(c, protocols().toArray(String[]::new));
            stamp = now;
            return context;
        } catch (Exception e) {
            String what = cfg.engineMaterial() ? "radbridge.tls.keystore" : "destination " + destination + " tls";
            throw new ConfigException(what, "cannot be used: " + e.getMessage());
        }
    }

    private static char[] password(String s) {
        return s == null ? null : s.toCharArray();
    }

    private static long mtime(String path) {
        if (path == null) {
            return 0;
        }
        try {
            return Files.getLastModifiedTime(Path.of(path)).toMillis();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static KeyStore load(String path, char[] password) throws Exception {
        String type = path.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            ks.load(in, password);
        }
        return ks;
    }
}
