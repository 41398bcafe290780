package org.radbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test certificates generated at test time with the JDK's keytool (no private key is ever committed): a
 * server identity for 127.0.0.1/localhost and a client identity, each self-signed, and trust stores holding
 * the other side's certificate. PKCS12 files with the password {@link #PASSWORD} in a temporary folder.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Generates both identities and trust stores under {@code dir}. */
    public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates c = new TestCertificates(dir);
        c.identity("server", "CN=localhost,O=RadBridge Test Receiver", "san=ip:127.0.0.1,dns:localhost");
        c.identity("client", "CN=radbridge-test-client,O=RadBridge Test", null);
        c.trust("client-trust.p12", "server");
        c.trust("server-trust.p12", "client");
        return c;
    }

    private void identity(String name, String dname, String san) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", dir.resolve(name + ".p12").toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (san != null) {
            cmd.add("-ext");
            cmd.add(san);
        }
        run(cmd);
    }

    /** A trust store holding the certificate of identity {@code certOf} (written with the KeyStore API). */
    private void trust(String file, String certOf) throws IOException {
        try {
            KeyStore id = load(dir.resolve(certOf + ".p12"));
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry(certOf, id.getCertificate(certOf));
            try (java.io.OutputStream out = Files.newOutputStream(dir.resolve(file))) {
                ts.store(out, PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + cmd.get(1) + ": " + out);
        }
    }

    /** The receiver's key store (server certificate for 127.0.0.1). */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** Trusts the client certificate. */
    public Path serverTruststore() {
        return dir.resolve("server-trust.p12");
    }

    /** RadBridge's client identity (mutual TLS). */
    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    /** Trusts the receiver's certificate. */
    public Path clientTruststore() {
        return dir.resolve("client-trust.p12");
    }

    /** The receiver side: its certificate, trusting the client's. */
    public SSLContext serverContext() throws Exception {
        return context(serverKeystore(), serverTruststore());
    }

    /** A client side with a certificate (for tests that connect directly). */
    public SSLContext clientContext() throws Exception {
        return context(clientKeystore(), clientTruststore());
    }

    private static SSLContext context(Path keystore, Path truststore) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(truststore));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyStore load(Path p) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
