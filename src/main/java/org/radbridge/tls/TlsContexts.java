package org.radbridge.tls;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.radbridge.settings.ConfigException;

/**
 * The one place RadBridge builds an SSLContext (BCP 195 / RFC 9325, DICOM PS3.15 B.12 / ATNA ITI-19 node
 * authentication): the engine's radbridge.tls.* material ({@link TlsMaterial}: MLLP and DICOM listeners, the
 * ATNA syslog exporter, the MPPS forwarder, the FHIR client), an MLLP destination's own material and the replay
 * CLI's. Key and trust managers re-read their files when they change ({@link ReloadingStores}, the one reload
 * mechanism), and the context offers only {@code protocols} and the {@link Bcp195} suites
 * ({@link Bcp195#restrict}).
 */
public final class TlsContexts {

    /**
     * A key store or trust store file (PKCS12, or JKS by the .jks extension).
     *
     * @param name the property or option that named it, for error messages (e.g. radbridge.tls.keystore)
     * @param password null when the store has none
     */
    public record Store(Path path, char[] password, String name) {
    }

    private TlsContexts() {
    }

    /**
     * A context with {@code keystore} as its key material (null: none, no client certificate) and
     * {@code truststore} as the CAs it trusts (null: the JDK's), restricted to {@code protocols} and the BCP 195
     * suites. An unreadable store is a {@link ConfigException} naming it, at once (not at the first handshake).
     */
    public static SSLContext build(Store keystore, Store truststore, String[] protocols) {
        KeyManager[] km = null;
        TrustManager[] tm = null;
        if (keystore != null) {
            try {
                km = new KeyManager[] {ReloadingStores.keyManager(keystore.path(), keystore.name(), keystore.password())};
            } catch (RuntimeException e) {
                throw new ConfigException(keystore.name(), "cannot be used: " + e.getMessage());
            }
        }
        if (truststore != null) {
            try {
                tm = new TrustManager[] {ReloadingStores.trustManager(truststore.path(), truststore.name(), truststore.password())};
            } catch (RuntimeException e) {
                throw new ConfigException(truststore.name(), "cannot be used: " + e.getMessage());
            }
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, tm, null);
            return Bcp195.restrict(ctx, protocols);
        } catch (GeneralSecurityException e) {
            String name = keystore != null ? keystore.name() : truststore != null ? truststore.name() : "radbridge.tls";
            throw new ConfigException(name, "cannot be used: " + e.getMessage());
        }
    }

    /** Reads a key store file: JKS when the name ends in .jks, PKCS12 otherwise. */
    static KeyStore load(Path path, char[] password) throws Exception {
        String type = path.toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, password);
        }
        return ks;
    }
}
