package org.maskrecommender.lambda;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.core.notify.Notifier;

/**
 * The functions' emails (releases, rollbacks, models kept but not promoted) through Quarkus Mailer over SMTP:
 * SES's SMTP interface or any server, configured by {@code quarkus.mailer.*}. Recipients are
 * {@code notify.mail-to} ({@code NOTIFY_EMAILS}); with none, nothing is sent.
 */
@ApplicationScoped
public class MailerNotifier implements Notifier {

    private final Mailer mailer;
    private final List<String> recipients;

    public MailerNotifier(Mailer mailer,
                          @ConfigProperty(name = "notify.mail-to") Optional<List<String>> recipients) {
        this.mailer = mailer;
        this.recipients = List.copyOf(recipients.orElse(List.of()));
    }

    @Override
    public void send(Notification notification) {
        if (recipients.isEmpty()) {
            return;
        }
        mailer.send(Mail.withText(recipients.get(0), notification.subject(), notification.body()).setTo(recipients));
    }
}
