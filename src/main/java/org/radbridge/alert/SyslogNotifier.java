package org.radbridge.alert;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Sends each notice as an RFC 5424 syslog message: {@code <PRI>1 TIMESTAMP HOST radbridge PID ALERT - MSG}, PRI =
 * facility * 8 + severity (critical 2, warning 4, info 6; a resolve is 5 notice). Over UDP (RFC 5426, one datagram)
 * or TCP (RFC 6587 octet counting: "LENGTH SP MESSAGE"); one connection per notice, so a restarted collector
 * costs nothing.
 */
public final class SyslogNotifier implements Notifier {

    private final String host;
    private final int port;
    private final boolean tcp;
    private final int facility;
    private final String hostname;

    public SyslogNotifier(String host, int port, boolean tcp, int facility) {
        this.host = host;
        this.port = port;
        this.tcp = tcp;
        this.facility = facility;
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            h = "-";
        }
        this.hostname = h.isEmpty() ? "-" : h.replace(' ', '_');
    }

    @Override
    public String name() {
        return "syslog";
    }

    /** The RFC 5424 message (without transport framing). */
    String format(Notice n) {
        int severity = Notice.RESOLVE.equals(n.event()) ? 5 : switch (n.alert().rule().severity()) {
            case "critical" -> 2;
            case "warning" -> 4;
            default -> 6;
        };
        return "<" + (facility * 8 + severity) + ">1 " + Instant.ofEpochMilli(n.at()) + " " + hostname + " radbridge "
                + ProcessHandle.current().pid() + " ALERT - " + n.line().replace('\n', ' ');
    }

    @Override
    public void send(Notice n) throws Exception {
        byte[] msg = format(n).getBytes(StandardCharsets.UTF_8);
        if (tcp) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(msg);
                out.flush();
            }
        } else {
            try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(msg, msg.length, new InetSocketAddress(host, port)));
            }
        }
    }
}
