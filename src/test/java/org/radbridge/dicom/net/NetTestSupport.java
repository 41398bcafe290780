package org.radbridge.dicom.net;

import java.util.List;
import java.util.Set;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.service.DicomServiceRegistry;

/** Helpers to start our own SCP on 127.0.0.1:0 and open associations to it. */
final class NetTestSupport {

    static final String[] TS = {UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian};

    private NetTestSupport() {
    }

    static DicomServer start(DicomServiceRegistry registry, AssociationSettings settings) throws Exception {
        return new DicomServer(new DicomServer.Config().bindAddress("127.0.0.1").port(0).aeTitles(Set.of("RADBRIDGE"))
                .handler(registry).settings(settings)).start();
    }

    static AAssociateRQ rq(String calling, String called, String... sopClasses) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(calling);
        rq.setCalledAE(called);
        for (String cuid : sopClasses) {
            rq.addPresentationContext(cuid, TS);
        }
        return rq;
    }

    static Association open(DicomServer server, String... sopClasses) throws Exception {
        return new DicomClient().connect("127.0.0.1", server.port(), rq("TESTSCU", "RADBRIDGE", sopClasses));
    }

    static void awaitNoAssociations(DicomServer server) throws InterruptedException {
        for (int i = 0; i < 200 && !server.activeAssociations().isEmpty(); i++) {
            Thread.sleep(25);
        }
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
