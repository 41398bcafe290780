package org.radbridge.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Sends each notice as a plain-text e-mail over SMTP (RFC 5321) with Jakarta Mail: subject "RadBridge alert: "
 * + {@link Notice#line()}, body the notice's fields. {@code security} none, starttls (RFC 3207, required) or
 * smtps (implicit TLS, port 465); AUTH when a user is set (the password from the environment:
 * RADBRIDGE_ALERTS_SMTP_PASSWORD).
 */
public final class SmtpNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    public record Config(String host, int port, String security, String user, String password, String from, String to) {
    }

    private final Config cfg;
    private final Session session;

    public SmtpNotifier(Config cfg) {
        this.cfg = cfg;
        Properties p = new Properties();
        String proto = "smtps".equals(cfg.security()) ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", cfg.host());
        p.put("mail." + proto + ".port", String.valueOf(cfg.port()));
        p.put("mail." + proto + ".connectiontimeout", "5000");
        p.put("mail." + proto + ".timeout", "10000");
        p.put("mail." + proto + ".writetimeout", "10000");
        p.put("mail." + proto + ".auth", String.valueOf(!cfg.user().isEmpty()));
        if ("starttls".equals(cfg.security())) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!"none".equals(cfg.security())) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        session = Session.getInstance(p);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void send(Notice n) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(cfg.from()));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(cfg.to()));
        m.setSubject("RadBridge alert: " + n.line(), "UTF-8");
        m.setSentDate(new Date(n.at()));
        m.setText(n.line() + "\n\n" + JSON.writeValueAsString(n.json()) + "\n", "UTF-8");
        if (cfg.user().isEmpty()) {
            Transport.send(m);
        } else {
            Transport.send(m, cfg.user(), cfg.password());
        }
    }
}
