package org.radbridge.notify;

import java.util.List;
import java.util.Map;
import org.radbridge.outbox.OutcomeTable.NakPolicy;

/**
 * One outbound HL7 v2 destination (mappings/peers/hl7-destinations.yaml, docs/emr-delivery.md).
 *
 * @param host receiver host, or null for the file outbox {@code <data-dir>/outbox/<name>/}
 * @param role order-placer, image-manager or report-consumer (decides the status message shape)
 * @param application MSH-5 of what it receives (may be empty)
 * @param facility MSH-6 of what it receives (may be empty)
 * @param tls null for plain TCP
 * @param onAe what an AE acknowledgement means (retry, dead letter, pause the destination)
 * @param onAr what an AR acknowledgement means
 * @param errorCodes per HL7 table 0357 code found in the ERR of an AE/AR: delivered, retry, dead or pause
 * @param charset re-encode for this receiver (MSH-18 rewritten), or empty to send as received
 * @param hl7Version the version image managers get (2.5.1: OMI^O23; 2.3.1: ORM^O01 with ZDS)
 */
public record Hl7DestinationConfig(String name, String host, int port, String role, String application,
        String facility, Tls tls, int connectTimeoutMillis, int ackTimeoutMillis, int idleTimeoutMillis,
        NakPolicy onAe, NakPolicy onAr, Map<String, String> errorCodes, int workers, boolean deadLetterBlocksKey,
        String charset, String hl7Version) {

    public static final String ORDER_PLACER = "order-placer";
    public static final String IMAGE_MANAGER = "image-manager";
    public static final String REPORT_CONSUMER = "report-consumer";

    /**
     * Client TLS of a destination: the engine's radbridge.tls.* material ({@code engineMaterial}) or its own
     * key store (client certificate for mutual TLS) and trust store; passwords come from the environment.
     */
    public record Tls(boolean engineMaterial, String keystore, String keystorePassword, String truststore,
            String truststorePassword, List<String> protocols, boolean verifyHostname) {
    }

    public boolean isFile() {
        return host == null;
    }

    public boolean isImageManager() {
        return IMAGE_MANAGER.equals(role);
    }

    public String address() {
        return host == null ? "file outbox" : host + ":" + port;
    }
}
