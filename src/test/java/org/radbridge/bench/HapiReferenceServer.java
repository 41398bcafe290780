package org.radbridge.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

/**
 * The reference of the intake benchmark: a bare HAPI HL7 v2 server (HapiContext.newServer) whose
 * application parses each message and answers its generated ACK, with no storage. Bound to 127.0.0.1.
 * Usage: HapiReferenceServer PORT
 */
public final class HapiReferenceServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HapiContext ctx = new DefaultHapiContext();
        ctx.setValidationContext(ValidationContextFactory.noValidation());
        ctx.setSocketFactory(new ca.uhn.hl7v2.util.StandardSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                // HAPI binds the wildcard address: rewrite it to loopback
                return new ServerSocket() {
                    @Override
                    public void bind(java.net.SocketAddress a, int backlog) throws IOException {
                        int p = ((java.net.InetSocketAddress) a).getPort();
                        super.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), p), 128);
                    }
                };
            }

            @Override
            public void configureNewAcceptedSocket(Socket s) throws java.net.SocketException {
                super.configureNewAcceptedSocket(s);
                s.setTcpNoDelay(true);
            }
        });
        HL7Service server = ctx.newServer(port, false);
        server.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message m, Map<String, Object> meta) {
                try {
                    return m.generateACK();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean canProcess(Message m) {
                return true;
            }
        });
        server.startAndWait();
        System.out.println("HAPI reference server on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
