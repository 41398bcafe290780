package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;

/**
 * Issue 11 item 18 (accept loop): while accept() fails (as with EMFILE, out of file descriptors) the listener backs
 * off instead of spinning and logging hundreds of warnings a second, and serves again once accept works.
 */
@Timeout(60)
class AcceptRetryTest {

    @Test
    void failingAcceptBacksOffAndRecovers(@TempDir Path dir) throws Exception {
        SSLContext ctx = TlsTest.context(dir);
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        SSLServerSocketFactory real = ctx.getServerSocketFactory();
        SSLServerSocketFactory flaky = new SSLServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return new Flaky((SSLServerSocket) real.createServerSocket(), failing, calls);
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return real.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return real.getSupportedCipherSuites();
            }
        };
        DicomServer.Config cfg = new DicomServer.Config().name("DICOM-TLS").port(0)
                .handler(new DicomServiceRegistry().add(new VerificationScp()))
                .tls(flaky, DicomServer.ClientAuth.NEED);
        try (DicomServer server = new DicomServer(cfg).start()) {
            Thread.sleep(1500); // the observation window: accept calls are counted over 1.5 s
            int during = calls.get();
            assertTrue(during >= 3 && during <= 20, "accept retried with back-off, not in a tight loop: " + during + " calls in 1.5 s");
            failing.set(false);
            DicomClient client = new DicomClient().tls(ctx.getSocketFactory());
            try (Association as = client.connect("127.0.0.1", server.port(), NetTestSupport.rq("CT01", "RADBRIDGE", UID.Verification))) {
                assertEquals(Status.SUCCESS, as.echo().status(), "accepting again once accept works");
            }
        }
    }

    /** An SSLServerSocket whose accept() fails while told to; everything else is the real socket's. */
    private static final class Flaky extends SSLServerSocket {
        private final SSLServerSocket real;
        private final AtomicBoolean failing;
        private final AtomicInteger calls;

        Flaky(SSLServerSocket real, AtomicBoolean failing, AtomicInteger calls) throws IOException {
            this.real = real;
            this.failing = failing;
            this.calls = calls;
        }

        @Override
        public Socket accept() throws IOException {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IOException("Too many open files");
            }
            return real.accept();
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            real.bind(endpoint, backlog);
        }

        @Override
        public int getLocalPort() {
            return real.getLocalPort();
        }

        @Override
        public void setReuseAddress(boolean on) throws java.net.SocketException {
            real.setReuseAddress(on);
        }

        @Override
        public void close() throws IOException {
            real.close();
        }

        @Override
        public boolean isClosed() {
            return real.isClosed();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return real.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            real.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return real.getSupportedCipherSuites();
        }

        @Override
        public String[] getSupportedProtocols() {
            return real.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return real.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            real.setEnabledProtocols(protocols);
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            real.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return real.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            real.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return real.getWantClientAuth();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            real.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return real.getUseClientMode();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            real.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return real.getEnableSessionCreation();
        }
    }
}
