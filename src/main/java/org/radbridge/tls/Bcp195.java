package org.radbridge.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The one TLS policy of every RadBridge listener and client (BCP 195 / RFC 9325 section 4.1-4.2, DICOM
 * PS3.15 B.12): TLS 1.3 and TLS 1.2 only, and only forward-secret AEAD cipher suites — the TLS 1.3 suites,
 * and for TLS 1.2 ECDHE with ECDSA or RSA authentication and AES-GCM or ChaCha20-Poly1305 (RFC 9325 section
 * 4.2 recommended suites; no static RSA key exchange, no CBC, no SHA-1 MAC, no finite-field DHE). The lists are
 * intersected with what the JDK supports.
 *
 * <p>{@link #restrict(SSLContext, String[])} wraps a context so that every engine, socket, server socket and
 * default parameter set it hands out carries this policy — the engine's {@code TlsMaterial} context, a
 * destination's own context and the replay CLI's context all go through it, so no caller can forget it.
 */
public final class Bcp195 {

    /** TLS 1.3 suites (RFC 8446 B.4), AEAD and forward-secret by construction. */
    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    /** TLS 1.2 suites: ECDHE (forward secrecy) with an AEAD cipher (RFC 9325 section 4.2). */
    public static final List<String> TLS12_SUITES = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Every allowed suite, in preference order (TLS 1.3 first). */
    public static final List<String> SUITES;

    /** The protocols allowed at all; radbridge.tls.protocols may name a subset. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    static {
        List<String> all = new ArrayList<>(TLS13_SUITES);
        all.addAll(TLS12_SUITES);
        SUITES = List.copyOf(all);
    }

    private Bcp195() {
    }

    /**
     * Parses a comma-separated protocol list (radbridge.tls.protocols, a destination's {@code protocols}):
     * only TLSv1.3 and TLSv1.2; anything else (TLSv1, TLSv1.1, SSLv3 ...) is refused with an
     * IllegalArgumentException naming it.
     */
    public static String[] protocols(String list) {
        List<String> out = new ArrayList<>();
        for (String p : list.split(",")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!PROTOCOLS.contains(t)) {
                throw new IllegalArgumentException("allows only TLSv1.2 and TLSv1.3 (BCP 195), not " + t);
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("names no protocol (allowed: TLSv1.3, TLSv1.2)");
        }
        return out.toArray(String[]::new);
    }

    /** {@link #protocols(String)} for a list already split. */
    public static String[] protocols(List<String> list) {
        return protocols(String.join(",", list));
    }

    /** The allowed suites this context supports, in preference order. */
    public static String[] suites(SSLContext ctx) {
        Set<String> supported = new LinkedHashSet<>(Arrays.asList(ctx.getSupportedSSLParameters().getCipherSuites()));
        return SUITES.stream().filter(supported::contains).toArray(String[]::new);
    }

    /** Parameters with the policy applied (protocols intersected with {@code protocols}, server's suite order). */
    static SSLParameters apply(SSLParameters p, String[] suites, String[] protocols) {
        p.setCipherSuites(suites.clone());
        p.setProtocols(protocols.clone());
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    /**
     * A context with the same key and trust material whose engines, sockets and server sockets offer only
     * {@code protocols} (checked by {@link #protocols(String)}) and the allowed suites. Callers may narrow the
     * protocols further (setEnabledProtocols); a caller widening the suites again would be a bug.
     */
    public static SSLContext restrict(SSLContext ctx, String[] protocols) {
        if (ctx instanceof Restricted r) {
            ctx = r.delegate;
        }
        String[] p = protocols(List.of(protocols));
        return new Restricted(ctx, suites(ctx), p);
    }

    /**
     * Sets an HTTP client's TLS to the policy: {@code ctx} (the engine's material) or, when null, the JDK's
     * default trust with the policy's protocols and suites — for https:// URLs (FHIR server, Orthanc).
     */
    public static java.net.http.HttpClient.Builder https(java.net.http.HttpClient.Builder b, SSLContext ctx) {
        SSLContext c;
        try {
            c = ctx != null ? ctx : restrict(SSLContext.getDefault(), PROTOCOLS.toArray(String[]::new));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
        if (!(c instanceof Restricted)) {
            c = restrict(c, PROTOCOLS.toArray(String[]::new));
        }
        return b.sslContext(c).sslParameters(c.getDefaultSSLParameters());
    }

    /** True when the context hands out only the policy's suites (it came from {@link #restrict}). */
    public static boolean isRestricted(SSLContext ctx) {
        return ctx instanceof Restricted;
    }

    private static final class Restricted extends SSLContext {
        final SSLContext delegate;

        Restricted(SSLContext delegate, String[] suites, String[] protocols) {
            super(new Spi(delegate, suites, protocols), delegate.getProvider(), delegate.getProtocol());
            this.delegate = delegate;
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext d;
        private final String[] suites;
        private final String[] protocols;

        Spi(SSLContext d, String[] suites, String[] protocols) {
            this.d = d;
            this.suites = suites;
            this.protocols = protocols;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            d.init(km, tm, sr);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Sockets(d.getSocketFactory(), suites, protocols);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSockets(d.getServerSocketFactory(), suites, protocols);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return engine(d.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return engine(d.createSSLEngine(host, port));
        }

        private SSLEngine engine(SSLEngine e) {
            e.setEnabledProtocols(protocols);
            e.setEnabledCipherSuites(suites);
            SSLParameters p = e.getSSLParameters();
            p.setUseCipherSuitesOrder(true);
            e.setSSLParameters(p);
            return e;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return d.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return d.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return apply(d.getDefaultSSLParameters(), suites, protocols);
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return apply(d.getSupportedSSLParameters(), suites, protocols);
        }
    }

    private static Socket socket(Socket s, String[] suites, String[] protocols) {
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(protocols);
            ssl.setEnabledCipherSuites(suites);
        }
        return s;
    }

    /** Client sockets with the policy applied. */
    private static final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory d;
        private final String[] suites;
        private final String[] protocols;

        Sockets(SSLSocketFactory d, String[] suites, String[] protocols) {
            this.d = d;
            this.suites = suites;
            this.protocols = protocols;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return suites.clone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return suites.clone();
        }

        @Override
        public Socket createSocket() throws IOException {
            return socket(d.createSocket(), suites, protocols);
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return socket(d.createSocket(s, host, port, autoClose), suites, protocols);
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return socket(d.createSocket(s, consumed, autoClose), suites, protocols);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return socket(d.createSocket(host, port), suites, protocols);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return socket(d.createSocket(host, port, localHost, localPort), suites, protocols);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return socket(d.createSocket(host, port), suites, protocols);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return socket(d.createSocket(address, port, localAddress, localPort), suites, protocols);
        }
    }

    /** Server sockets with the policy applied (and the server's suite order). */
    private static final class ServerSockets extends SSLServerSocketFactory {
        private final SSLServerSocketFactory d;
        private final String[] suites;
        private final String[] protocols;

        ServerSockets(SSLServerSocketFactory d, String[] suites, String[] protocols) {
            this.d = d;
            this.suites = suites;
            this.protocols = protocols;
        }

        private ServerSocket server(ServerSocket s) {
            if (s instanceof SSLServerSocket ssl) {
                ssl.setEnabledProtocols(protocols);
                ssl.setEnabledCipherSuites(suites);
                SSLParameters p = ssl.getSSLParameters();
                p.setUseCipherSuitesOrder(true);
                ssl.setSSLParameters(p);
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return suites.clone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return suites.clone();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return server(d.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return server(d.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return server(d.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            return server(d.createServerSocket(port, backlog, ifAddress));
        }
    }
}
