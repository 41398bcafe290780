package org.radbridge.bench;

import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.radbridge.metrics.Metrics;

/**
 * Thread CPU per message of the metric updates the intake makes for every message (JournalWriter: received,
 * acked, last-received timestamp; since issue 16 also the ACK and writer-commit histograms), 5 rounds of N
 * messages. Runs against any build of {@code Metrics} (the histograms only where {@code Metrics.timer} exists):
 * bench/metrics-cost.sh compares the build of 44e26dc with this one. Args: N [facade-only].
 */
public final class MetricsCost {

    private MetricsCost() {
    }

    public static void main(String[] args) throws Exception {
        Metrics m = new Metrics();
        int n = Integer.parseInt(args[0]);
        boolean histograms = args.length < 2;
        Method timer = null;
        try {
            timer = Metrics.class.getMethod("timer", String.class, String.class, String[].class);
        } catch (NoSuchMethodException e) {
            histograms = false; // the hand-written registry had none
        }
        Object ack = histograms ? timer.invoke(m, "radbridge_mllp_ack_seconds", "ack", new String[] {"listener", "mllp"}) : null;
        Object commit = histograms ? timer.invoke(m, "radbridge_db_writer_commit_duration_seconds", "commit", new String[0]) : null;
        String[] types = {"ORM^O01", "ORU^R01", "ADT^A08", "OMI^O23"};
        String[] senders = {"RIS|HOSP", "EMR|HOSP", "PACS|HOSP"};
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            long c0 = t.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                String type = types[i & 3];
                String sender = senders[i % 3];
                m.inc("radbridge_messages_received_total", "Messages received by type and sender", "type", type, "sender", sender);
                m.inc("radbridge_messages_acked_total", "Messages answered AA by type and sender", "type", type, "sender", sender);
                m.set("radbridge_last_message_received_timestamp_seconds", "When the last message of a sender arrived", i,
                        "sender", sender);
                if (ack != null) {
                    ((Timer) ack).record(200_000 + (i & 0xffff), TimeUnit.NANOSECONDS);
                    ((Timer) commit).record(50_000 + (i & 0xfff), TimeUnit.NANOSECONDS);
                }
            }
            long c1 = t.getCurrentThreadCpuTime();
            System.out.printf("round %d: %.0f ns CPU per message%s%n", round, (c1 - c0) / (double) n,
                    ack != null ? " (with the ACK and commit histograms)" : "");
        }
        if (m.scrape().isEmpty()) {
            throw new IllegalStateException("empty scrape");
        }
        System.exit(0);
    }
}
