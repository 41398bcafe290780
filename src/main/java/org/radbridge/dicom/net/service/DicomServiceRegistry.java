package org.radbridge.dicom.net.service;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.DimseRequestHandler;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches DIMSE requests to services by the abstract syntax of the presentation context they arrive on
 * (PS3.8 7.1.1.13), which must equal the request's Affected SOP Class UID (C-*, N-CREATE, N-EVENT-REPORT) or
 * Requested SOP Class UID (N-SET, N-GET, N-ACTION, N-DELETE; PS3.7 9.3, 10.3). Presentation contexts are accepted
 * only for registered SOP classes; a request naming another SOP class than its context's gets status 0122 (SOP
 * Class Not Supported; the association's reader refuses it before, this is the same rule for direct callers). A {@link DicomServiceException}
 * becomes a response with its status; any other failure becomes 0110 (Processing Failure), or C000
 * (Unable to process) for C-FIND.
 */
public final class DicomServiceRegistry implements DimseRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DicomServiceRegistry.class);

    private final Map<String, DicomService> services = new ConcurrentHashMap<>();

    /** Registers a service for all its SOP classes (replacing earlier registrations of them). */
    public DicomServiceRegistry add(DicomService service) {
        for (String uid : service.sopClasses()) {
            services.put(uid, service);
        }
        return this;
    }

    public DicomServiceRegistry remove(String sopClassUid) {
        services.remove(sopClassUid);
        return this;
    }

    public DicomService service(String sopClassUid) {
        return services.get(sopClassUid);
    }

    @Override
    public Set<String> sopClasses() {
        return Set.copyOf(services.keySet());
    }

    @Override
    public void onDimseRequest(Association as, PresentationContext pc, Attributes cmd, Attributes data) throws IOException {
        String cuid = pc.abstractSyntax();
        DicomService service = cuid == null || !cuid.equals(Dimse.sopClassUid(cmd)) ? null : services.get(cuid);
        try {
            if (service == null) {
                throw new DicomServiceException(Status.SOP_CLASS_NOT_SUPPORTED, "SOP Class not supported");
            }
            service.onDimseRequest(as, pc, cmd, data);
        } catch (DicomServiceException e) {
            LOG.debug("{}: {} answered with status {}", as, Dimse.name(Dimse.commandField(cmd)), Status.toString(e.status()));
            as.writeDimse(pc, e.toResponse(cmd), null);
        } catch (RuntimeException e) {
            LOG.error("{}: {} failed", as, Dimse.name(Dimse.commandField(cmd)), e);
            int status = Dimse.commandField(cmd) == Dimse.C_FIND_RQ ? Status.UNABLE_TO_PROCESS : Status.PROCESSING_FAILURE;
            as.writeDimse(pc, new DicomServiceException(status, "Internal error").toResponse(cmd), null);
        }
    }
}
