package org.maskrecommender.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.core.notify.Notifier;

/**
 * Plain SMTP for the command line (the deployer Lambda uses Quarkus Mailer): works with SES's SMTP
 * interface or any server. One Vert.x instance per notifier; close it when done.
 */
public final class SmtpNotifier implements Notifier, AutoCloseable {

    /**
     * @param host       SMTP host
     * @param port       SMTP port (587 with STARTTLS on SES)
     * @param startTls   require STARTTLS
     * @param username   login, if the server needs one
     * @param password   password
     * @param from       sender address
     * @param recipients who gets release emails
     */
    public record Settings(String host, int port, boolean startTls, Optional<String> username,
                           Optional<String> password, String from, List<String> recipients) {
    }

    private final Vertx vertx;
    private final MailClient client;
    private final Settings settings;

    public SmtpNotifier(Settings settings) {
        this.settings = settings;
        this.vertx = Vertx.vertx();
        MailConfig config = new MailConfig().setHostname(settings.host()).setPort(settings.port())
                .setStarttls(settings.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL);
        settings.username().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        this.client = MailClient.create(vertx, config);
    }

    @Override
    public void send(Notification notification) {
        if (settings.recipients().isEmpty()) {
            return;
        }
        MailMessage message = new MailMessage().setFrom(settings.from()).setTo(settings.recipients())
                .setSubject(notification.subject()).setText(notification.body());
        try {
            client.sendMail(message).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending mail", e);
        } catch (Exception e) {
            throw new IllegalStateException("SMTP " + settings.host() + ":" + settings.port() + " refused the mail: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
