package org.radbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made at test time with openssl (no private key is ever committed): a CA, and
 * identities it signs — EC P-256 keys, certificates valid for two days, as PEM (for DCMTK and openssl
 * s_client) and PKCS12 (for the engine and Java clients, password {@link #PASSWORD}); trust stores
 * (PKCS12, written with the KeyStore API) holding CA certificates.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit-test";

    private final Path dir;
    private final String ca;

    private TestPki(Path dir, String ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA named {@code caName} under {@code dir}. */
    public static TestPki create(Path dir, String caName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestPki p = new TestPki(dir, caName);
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caName + ".key", "-out", caName + ".pem", "-days", "2", "-subj", "/O=RadBridge Test/CN=" + caName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return p;
    }

    public Path dir() {
        return dir;
    }

    /** The CA certificate (PEM). */
    public Path caPem() {
        return dir.resolve(ca + ".pem");
    }

    /**
     * A key and certificate signed by this CA: {@code name.key}, {@code name.pem} (PEM) and
     * {@code name.p12} (key, certificate and CA chain). A server identity gets 127.0.0.1/localhost as
     * subject alternative names and serverAuth; a client identity clientAuth.
     */
    public Path issue(String name, String commonName, boolean server) throws IOException, InterruptedException {
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/O=RadBridge Test/CN=" + commonName);
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, server
                ? "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=serverAuth,clientAuth\n"
                        + "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                : "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=clientAuth\n");
        run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-sha256", "-extfile", name + ".ext");
        run(dir, "openssl", "pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-certfile", ca + ".pem",
                "-name", name, "-out", name + ".p12", "-passout", "pass:" + PASSWORD);
        return dir.resolve(name + ".p12");
    }

    public Path pem(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    public Path p12(String name) {
        return dir.resolve(name + ".p12");
    }

    /** A PKCS12 trust store {@code file} holding the given CA certificates (PEM files). */
    public static Path truststore(Path file, Path... caPems) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        int i = 0;
        for (Path pem : caPems) {
            try (InputStream in = Files.newInputStream(pem)) {
                ts.setCertificateEntry("ca-" + i++, (X509Certificate) cf.generateCertificate(in));
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ts.store(out, PASSWORD.toCharArray());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Runs a command in {@code dir}; fails with its output when it exits non-zero. */
    public static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
