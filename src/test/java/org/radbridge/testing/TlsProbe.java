package org.radbridge.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client that offers exactly what a test asks for (one protocol, one suite), to probe which cipher
 * suites a listener accepts; and a server key store holding both an RSA and an EC key (so every ECDHE_RSA
 * and ECDHE_ECDSA suite can be negotiated), made with the JDK's keytool.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    /** A PKCS12 key store (password {@link TestPki#PASSWORD}) with a self-signed RSA and a self-signed EC identity. */
    public static Path dualKeystore(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ks = dir.resolve("dual.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        for (String[] k : new String[][] {{"rsa", "RSA", "-keysize", "2048"}, {"ec", "EC", "-groupname", "secp256r1"}}) {
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", k[0], "-keyalg", k[1], k[2], k[3], "-dname",
                    "CN=localhost,O=RadBridge Test", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", ks.toString(), "-storepass", TestPki.PASSWORD, "-keypass", TestPki.PASSWORD)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + out);
            }
        }
        return ks;
    }

    /** A client context that trusts any server (the probe is about suites, not about identity). */
    public static SSLContext trustAll() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return c;
    }

    /** The suites this JDK's client enables by default (what the probe tries), signalling values left out. */
    public static List<String> jdkSuites() throws Exception {
        List<String> out = new ArrayList<>();
        for (String s : trustAll().getDefaultSSLParameters().getCipherSuites()) {
            if (!s.endsWith("_SCSV")) {
                out.add(s);
            }
        }
        return out;
    }

    /** Handshakes offering only {@code protocol} and {@code suite}; the negotiated suite, or null when refused. */
    public static String handshake(int port, String protocol, String suite) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(10_000);
            try (SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, false)) {
                s.setEnabledProtocols(new String[] {protocol});
                s.setEnabledCipherSuites(new String[] {suite});
                s.setUseClientMode(true);
                s.startHandshake();
                return s.getSession().getCipherSuite();
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** The protocol a suite belongs to: TLS 1.3 suites have no key exchange in their name. */
    public static String protocolOf(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") ? "TLSv1.3" : "TLSv1.2";
    }
}
