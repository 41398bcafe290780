package org.radbridge.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Syslog over TCP with RFC 6587 octet counting, read back by a real listening socket; the RFC 5424 header fields. */
class SyslogNotifierTest {

    @Test
    void tcpFramesAreOctetCounted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(30_000);
            SyslogNotifier n = new SyslogNotifier("127.0.0.1", server.getLocalPort(), true, 16);
            AlertRule rule = new AlertRule("dead", "dead-letter", "critical", 60_000, List.of("syslog"), JsonNodeFactory.instance.objectNode());
            Thread t = new Thread(() -> {
                try {
                    n.send(new Notice(Notice.FIRE, new ActiveAlert(rule, "emr", 0, "2 dead-lettered outbox entries", 0, 1), "i1", 1000));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                StringBuilder len = new StringBuilder();
                for (int c = in.read(); c != ' '; c = in.read()) {
                    len.append((char) c);
                }
                byte[] msg = new byte[Integer.parseInt(len.toString())];
                in.readFully(msg);
                String line = new String(msg, StandardCharsets.UTF_8);
                // PRI = local0 (16) * 8 + critical (2)
                assertTrue(line.startsWith("<130>1 1970-01-01T00:00:01Z "), line);
                assertTrue(line.endsWith(" radbridge " + ProcessHandle.current().pid() + " ALERT - [FIRE] critical dead emr: "
                        + "2 dead-lettered outbox entries"), line);
                assertEquals(-1, in.read());
            }
            t.join(10_000);
        }
    }
}
