package org.radbridge.tls;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key and trust managers that re-read their key store / trust store when the file changes (modification
 * time or size, looked at no more than once a second, at a handshake), so a renewed certificate or an
 * added trusted CA is used from the next handshake on without a restart — on every listener and client that
 * shares the SSLContext. A file that cannot be read (half-written, wrong password) keeps the previous
 * material in use and is logged.
 */
public final class ReloadingStores {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingStores.class);
    public static final long CHECK_MILLIS = 1000;

    private ReloadingStores() {
    }

    /** A value loaded from a file, loaded again when the file changed. */
    static final class Watched<T> {
        private final Path file;
        private final String property;
        private final Function<Path, T> loader;
        private volatile T current;
        private volatile long checkedAt;
        private volatile String stamp;

        Watched(Path file, String property, Function<Path, T> loader) {
            this.file = file;
            this.property = property;
            this.loader = loader;
            this.stamp = stamp(file);
            this.current = loader.apply(file); // fails at start-up: the caller names the property
            this.checkedAt = System.currentTimeMillis();
        }

        T get() {
            long now = System.currentTimeMillis();
            if (now - checkedAt >= CHECK_MILLIS) {
                synchronized (this) {
                    if (now - checkedAt >= CHECK_MILLIS) {
                        checkedAt = now;
                        String s = stamp(file);
                        if (!s.equals(stamp)) {
                            try {
                                current = loader.apply(file);
                                stamp = s;
                                LOG.info("Reloaded {} ({}) after it changed", file, property);
                            } catch (RuntimeException e) {
                                LOG.warn("{} ({}) changed but cannot be loaded, keeping the previous one: {}", file, property,
                                        e.getMessage());
                            }
                        }
                    }
                }
            }
            return current;
        }

        T now() {
            return current;
        }

        private static String stamp(Path f) {
            try {
                return Files.getLastModifiedTime(f).toMillis() + "/" + Files.size(f);
            } catch (java.io.IOException e) {
                return "missing";
            }
        }
    }

    static X509ExtendedKeyManager keyManager(Path file, String property, char[] password) {
        Watched<X509ExtendedKeyManager> w = new Watched<>(file, property, f -> {
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(TlsContexts.load(f, password), password);
                for (KeyManager km : kmf.getKeyManagers()) {
                    if (km instanceof X509ExtendedKeyManager x) {
                        return x;
                    }
                }
                throw new IllegalStateException("no X.509 key manager");
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        return new KeyManagerView(w);
    }

    static X509ExtendedTrustManager trustManager(Path file, String property, char[] password) {
        Watched<X509ExtendedTrustManager> w = new Watched<>(file, property, f -> {
            try {
                KeyStore ks = file == null ? null : TlsContexts.load(f, password);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509ExtendedTrustManager x) {
                        return x;
                    }
                }
                throw new IllegalStateException("no X.509 trust manager");
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        return new TrustManagerView(w);
    }

    /** Chooses an alias on the current store (a reload is looked for here); the rest use the same store. */
    private static final class KeyManagerView extends X509ExtendedKeyManager {
        private final Watched<X509ExtendedKeyManager> w;

        KeyManagerView(Watched<X509ExtendedKeyManager> w) {
            this.w = w;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return w.get().getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return w.get().chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return w.get().chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return w.get().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return w.get().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return w.get().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return w.now().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return w.now().getPrivateKey(alias);
        }
    }

    private static final class TrustManagerView extends X509ExtendedTrustManager {
        private final Watched<X509ExtendedTrustManager> w;

        TrustManagerView(Watched<X509ExtendedTrustManager> w) {
            this.w = w;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            w.get().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            w.get().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            w.get().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            w.get().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            w.get().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            w.get().checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return w.get().getAcceptedIssuers();
        }
    }
}
