package org.radbridge.app;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of radbridge.tls.*: key store (PKCS12 or JKS by extension), trust store, client
 * authentication (none, want, need) and protocols (TLS 1.2 or later only). Passwords come from the
 * environment (RADBRIDGE_TLS_KEYSTORE_PASSWORD ...), never from the repository.
 */
public final class TlsMaterial {

    private final Settings s;

    public TlsMaterial(Settings s) {
        this.s = s;
    }

    public boolean configured() {
        return s.isSet("radbridge.tls.keystore");
    }

    public String clientAuth() {
        return s.get("radbridge.tls.client-auth", "none").toLowerCase(Locale.ROOT);
    }

    public String[] protocols() {
        String[] p = s.get("radbridge.tls.protocols", "TLSv1.3,TLSv1.2").split(",");
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i].trim();
            if (!p[i].equals("TLSv1.2") && !p[i].equals("TLSv1.3")) {
                throw new ConfigException("radbridge.tls.protocols", "allows only TLSv1.2 and TLSv1.3, not " + p[i]);
            }
        }
        return p;
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

    /** A fresh SSLContext from the current files (so a certificate renewal is picked up on the next use). */
    public SSLContext sslContext() {
        try {
            KeyManagerFactory kmf = null;
            if (configured()) {
                KeyStore ks = load(keystorePath(), keystorePassword());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, keystorePassword().toCharArray());
            }
            TrustManagerFactory tmf = null;
            if (!truststorePath().isEmpty()) {
                KeyStore ts = load(truststorePath(), truststorePassword());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new ConfigException("radbridge.tls.keystore", "cannot be used: " + e.getMessage());
        }
    }

    static KeyStore load(String path, String password) throws Exception {
        String type = path.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }
}
