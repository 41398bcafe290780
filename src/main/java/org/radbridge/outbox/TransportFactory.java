package org.radbridge.outbox;

/**
 * Makes a destination for an address, for destinations that wrap another one (a de-identified target
 * sends its copies through the engine's own MLLP or FHIR destination). Bound by the module that owns the
 * protocol under "transport.mllp" / "transport.fhir".
 */
@FunctionalInterface
public interface TransportFactory {

    /**
     * @param name the wrapping destination's name (logs, metrics)
     * @param address host:port for MLLP, a base URL for FHIR
     * @param onAe what an HL7 AE means (ignored by FHIR)
     * @param onAr what an HL7 AR means (ignored by FHIR)
     */
    Destination create(String name, String address, OutcomeTable.NakPolicy onAe, OutcomeTable.NakPolicy onAr);
}
