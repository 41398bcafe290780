package org.radbridge.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server that reads one TLS ClientHello (RFC 8446 4.1.2 / RFC 5246 7.4.1.2) and closes: what a TLS
 * client offers, seen from the wire. Suites are reported by IANA name for the ones RadBridge's policy
 * allows and as hex codes otherwise; signalling values (renegotiation SCSV, fallback SCSV) are left out.
 */
public final class ClientHelloCapture implements AutoCloseable {

    /** IANA code points of the suites RadBridge allows (RFC 8446 B.4, RFC 5289, RFC 7905). */
    public static final Map<Integer, String> NAMES = Map.of(0x1301, "TLS_AES_128_GCM_SHA256", 0x1302, "TLS_AES_256_GCM_SHA384",
            0x1303, "TLS_CHACHA20_POLY1305_SHA256", 0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xC02C,
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xC02F,
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xCCA8,
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final ServerSocket server;
    private final CompletableFuture<List<String>> offered = new CompletableFuture<>();

    public ClientHelloCapture() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "client-hello-capture");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type = in.readUnsignedByte();
            in.readUnsignedShort(); // record version
            int len = in.readUnsignedShort();
            byte[] rec = new byte[len];
            in.readFully(rec);
            if (type != 22 || rec[0] != 1) {
                throw new IOException("not a ClientHello: record type " + type);
            }
            int p = 4 + 2 + 32; // handshake header, client_version, random
            p += 1 + (rec[p] & 0xff); // legacy_session_id
            int n = ((rec[p] & 0xff) << 8) | (rec[p + 1] & 0xff);
            p += 2;
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i += 2) {
                int code = ((rec[p + i] & 0xff) << 8) | (rec[p + i + 1] & 0xff);
                if (code == 0x00FF || code == 0x5600) {
                    continue; // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV: not cipher suites
                }
                out.add(NAMES.getOrDefault(code, String.format("0x%04X", code)));
            }
            offered.complete(out);
        } catch (IOException | RuntimeException e) {
            offered.completeExceptionally(e);
        }
    }

    /** The suites of the first ClientHello received (waits up to 20 s). */
    public List<String> offered() throws Exception {
        return offered.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
