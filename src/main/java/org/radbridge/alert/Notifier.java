package org.radbridge.alert;

/** Where notices go: webhook, e-mail or syslog. A failure throws; the engine logs it and goes on. */
public interface Notifier {

    /** The name used in the rules' {@code notify} lists. */
    String name();

    void send(Notice n) throws Exception;
}
