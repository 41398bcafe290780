package org.radbridge.dicom.net;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;

/**
 * Run by {@link AcceptBackoffTest} in its own JVM under {@code ulimit -n}: starts a {@link DicomServer}, and on
 * "FILL" uses up every file descriptor (opening /dev/null) so that the server's accept() fails with "Too many
 * open files" for the connections the test then makes; on "FREE" (after a while) gives them back and reports
 * how many associations are open once the three queued connections were accepted (or after 10 s).
 */
public final class AcceptStormProbe {

    public static void main(String[] args) throws Exception {
        DicomServer server = new DicomServer(new DicomServer.Config().name("PROBE").port(0).aeTitles(Set.of("PROBE"))
                .handler(new DicomServiceRegistry().add(new VerificationScp())));
        server.start();
        try (java.net.Socket warmUp = new java.net.Socket("127.0.0.1", server.port())) {
            warmUp.getOutputStream().write(new byte[] {1, 0, 0, 0, 0, 0}); // loads the classes a connection needs
        }
        Thread.sleep(500);
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        List<FileInputStream> fillers = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("FILL")) {
                String error = null;
                for (int round = 0; round < 3; round++) { // again after a pause: descriptors the JVM let go meanwhile
                    try {
                        while (true) {
                            fillers.add(new FileInputStream("/dev/null"));
                        }
                    } catch (IOException e) {
                        error = e.getMessage();
                    }
                    Thread.sleep(100);
                }
                System.out.println("FULL " + fillers.size() + " " + error);
            } else if (line.equals("FREE")) {
                for (FileInputStream f : fillers) {
                    f.close();
                }
                fillers.clear();
                long end = System.currentTimeMillis() + 10_000;
                while (server.activeAssociations().size() < 3 && System.currentTimeMillis() < end) {
                    Thread.sleep(50);
                }
                System.out.println("ACCEPTED " + server.activeAssociations().size());
            } else if (line.equals("EXIT")) {
                break;
            }
            System.out.flush();
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
