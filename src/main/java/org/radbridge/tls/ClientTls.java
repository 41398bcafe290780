package org.radbridge.tls;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The TLS client side of a connection the engine opens ("MLLPS", IHE ATNA ITI-19 node authentication; the replay
 * CLI): a context of {@link TlsContexts} (BCP 195 suites, key and trust stores reloaded when their files change),
 * the protocols to offer, the server's name sent (SNI) and, when asked, checked against its certificate
 * (endpoint identification); a client certificate when the context has key material (mutual TLS).
 */
public final class ClientTls {

    private final SSLContext context;
    private final String[] protocols;
    private final boolean verifyHostname;

    /**
     * @param context from {@link TlsContexts#build}
     * @param protocols the protocols offered (checked by {@link Bcp195#protocols(List)})
     * @param verifyHostname check the server certificate against the host name
     */
    public ClientTls(SSLContext context, String[] protocols, boolean verifyHostname) {
        this.context = context;
        this.protocols = Bcp195.protocols(List.of(protocols));
        this.verifyHostname = verifyHostname;
    }

    /** The material of {@code keystore} (may be null) and {@code truststore} (null: the JDK's CAs). */
    public static ClientTls of(TlsContexts.Store keystore, TlsContexts.Store truststore, String[] protocols,
            boolean verifyHostname) {
        return new ClientTls(TlsContexts.build(keystore, truststore, protocols), protocols, verifyHostname);
    }

    /** Wraps a connected socket in TLS (not yet handshaken). */
    public SSLSocket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(protocols.clone());
        if (verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        return s;
    }

    public SSLContext context() {
        return context;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }
}
