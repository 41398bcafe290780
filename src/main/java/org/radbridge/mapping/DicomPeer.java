package org.radbridge.mapping;

import java.util.Set;
import org.radbridge.dicom.UID;

/**
 * One known DICOM application entity from mappings/peers/dicom-aes.yaml (or the defaults for an unknown
 * calling AE): its AE title, the host it connects from ("*" any), the services it may use (verification,
 * mwl, mpps, ian, or "*"), the character set worklist responses are sent in (an explicit choice: ISO_IR 192, or
 * ISO_IR 100 with transliteration; empty: the request's set when it holds the answer, else ISO_IR 192), its default station (the
 * Scheduled Station AE Title its worklist queries are restricted to when they name none; "@calling" = its
 * calling AE title) and an optional TLS identity (client certificate subject).
 */
public record DicomPeer(String aeTitle, boolean known, String host, Set<String> services, String responseCharset,
        String defaultStation, String tlsIdentity) {

    /** The service name of a SOP Class UID, as written in dicom-aes.yaml. */
    public static String serviceOf(String sopClassUid) {
        if (UID.Verification.equals(sopClassUid)) {
            return "verification";
        }
        if (UID.ModalityWorklistInformationModelFind.equals(sopClassUid)) {
            return "mwl";
        }
        if (UID.ModalityPerformedProcedureStep.equals(sopClassUid)) {
            return "mpps";
        }
        if (UID.InstanceAvailabilityNotification.equals(sopClassUid)) {
            return "ian";
        }
        return sopClassUid;
    }

    public boolean allows(String sopClassUid) {
        return services.contains("*") || services.contains(serviceOf(sopClassUid));
    }

    /** True if the peer may connect from this address (IP text, no port). */
    public boolean allowsHost(String address) {
        return host == null || host.isEmpty() || "*".equals(host) || host.equals(address);
    }

    /** The station filter for a worklist query naming no Scheduled Station AE Title, or null. */
    public String stationFilter(String callingAe) {
        if (defaultStation == null || defaultStation.isBlank()) {
            return null;
        }
        return "@calling".equals(defaultStation) ? callingAe : defaultStation;
    }
}
