package org.maskrecommender.deployer.lambda;

import java.util.List;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.core.notify.Notifier;

/** Release emails through Quarkus Mailer (SMTP: SES's SMTP interface or any server). */
final class MailerNotifier implements Notifier {

    private final Mailer mailer;
    private final List<String> recipients;

    MailerNotifier(Mailer mailer, List<String> recipients) {
        this.mailer = mailer;
        this.recipients = List.copyOf(recipients);
    }

    @Override
    public void send(Notification notification) {
        if (recipients.isEmpty()) {
            return;
        }
        mailer.send(Mail.withText(recipients.get(0), notification.subject(), notification.body())
                .setTo(recipients));
    }
}
