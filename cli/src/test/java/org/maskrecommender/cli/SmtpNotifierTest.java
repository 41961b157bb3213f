package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.notify.Notification;

/** SmtpNotifier against a real SMTP server (GreenMail) on a free loopback port. */
class SmtpNotifierTest {

    private static final Notification NOTIFICATION = new Notification(
            "[mask-recommender] staging release succeeded: 1 → 2 (Version Tag)",
            "Outcome:        SUCCEEDED\nLambda version: 1 → 2\nModel version:  20261127T125512Z-5d0c3f1a\n");

    private GreenMail mail;

    @BeforeEach
    void startSmtp() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
    }

    @AfterEach
    void stopSmtp() {
        mail.stop();
    }

    private SmtpNotifier notifier(int port, Optional<String> user, Optional<String> password, List<String> to) {
        return new SmtpNotifier(new SmtpNotifier.Settings("127.0.0.1", port, false, user, password,
                "deployer@example.org", to));
    }

    @Test
    void sendsTheSubjectAndBodyFromTheSenderToEveryRecipient() throws Exception {
        try (SmtpNotifier notifier = notifier(mail.getSmtp().getPort(), Optional.empty(), Optional.empty(),
                List.of("oncall@example.org", "team@example.org"))) {
            notifier.send(NOTIFICATION);
        }

        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2); // GreenMail keeps one copy per recipient
        for (MimeMessage message : received) {
            assertThat(message.getSubject()).isEqualTo(NOTIFICATION.subject());
            assertThat(message.getFrom()).containsExactly(new InternetAddress("deployer@example.org"));
            assertThat(Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                    .containsExactlyInAnyOrder("oncall@example.org", "team@example.org");
            assertThat(message.getContentType()).startsWith("text/plain");
            assertThat(text(message)).isEqualTo(NOTIFICATION.body().stripTrailing()); // MIME drops the final line end
        }
    }

    @Test
    void logsInWithTheConfiguredCredentials() throws Exception {
        mail.setUser("deployer@example.org", "deployer", "s3cret");
        try (SmtpNotifier notifier = notifier(mail.getSmtp().getPort(), Optional.of("deployer"), Optional.of("s3cret"),
                List.of("oncall@example.org"))) {
            notifier.send(NOTIFICATION);
        }
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo(NOTIFICATION.subject());

        try (SmtpNotifier wrongPassword = notifier(mail.getSmtp().getPort(), Optional.of("deployer"),
                Optional.of("guess"), List.of("oncall@example.org"))) {
            assertThatThrownBy(() -> wrongPassword.send(NOTIFICATION)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("SMTP 127.0.0.1:" + mail.getSmtp().getPort() + " refused the mail: ");
        }
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void requiredStartTlsIsNeverSkippedForAPlainServer() {
        try (SmtpNotifier notifier = new SmtpNotifier(new SmtpNotifier.Settings("127.0.0.1", mail.getSmtp().getPort(), true,
                Optional.empty(), Optional.empty(), "deployer@example.org", List.of("oncall@example.org")))) {
            assertThatThrownBy(() -> notifier.send(NOTIFICATION)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("SMTP 127.0.0.1:" + mail.getSmtp().getPort() + " refused the mail: ")
                    .hasMessageContaining("STARTTLS");
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsNotListeningIsAClearError() throws Exception {
        int closed = closedPort();
        try (SmtpNotifier notifier = notifier(closed, Optional.empty(), Optional.empty(), List.of("oncall@example.org"))) {
            assertThatThrownBy(() -> notifier.send(NOTIFICATION)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("SMTP 127.0.0.1:" + closed + " refused the mail: ")
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    void withoutRecipientsNothingIsSentAndNothingFails() throws Exception {
        try (SmtpNotifier notifier = notifier(closedPort(), Optional.empty(), Optional.empty(), List.of())) {
            notifier.send(NOTIFICATION); // would throw if it tried the closed port
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    /** A loopback port nothing listens on (just released by this process). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The decoded text of a plain-text message, with the line ends the notification had. */
    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        assertThat(content).isInstanceOf(String.class);
        return ((String) content).replace("\r\n", "\n");
    }
}
