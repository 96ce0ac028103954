package io.tocsin.notifier.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.deliveries.Delivery;
import io.tocsin.notifier.deliveries.DeliverySender;
import io.tocsin.notifier.deliveries.Destinations;
import io.tocsin.notifier.http.Outbound;
import io.tocsin.notifier.http.SendResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends emails over SMTP (quarkus-mailer, non-blocking). A rejected address (SMTP 5xx on the
 * recipient) fails at once; anything else (server down, timeouts, 4xx) is retried.
 */
@ApplicationScoped
public class EmailSender implements DeliverySender {

    private final ReactiveMailer mailer;
    private final Template html;
    private final Template text;

    public EmailSender(ReactiveMailer mailer, @Location("draft-email.html") Template html,
            @Location("draft-email.txt") Template text) {
        this.mailer = mailer;
        this.html = html;
        this.text = text;
    }

    @Override
    public String kind() {
        return Destinations.EMAIL;
    }

    @Override
    public Uni<SendResult> send(Delivery delivery) {
        if (!DraftEmail.ACTION.equals(delivery.action())) {
            return Uni.createFrom().item(new SendResult.Failed(null, "unknown email " + delivery.action()));
        }
        DraftEmail email = DraftEmail.of(delivery.payload());
        Mail mail = Mail.withHtml(email.to(), email.subject(), html.data("mail", email).render())
                .setText(text.data("mail", email).render());
        return mailer.send(mail).map(sent -> (SendResult) new SendResult.Delivered(250, null))
                .onFailure().recoverWithItem(EmailSender::classify);
    }

    static SendResult classify(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.matches("(?s).*\\b5\\d\\d\\b.*")) {
            return new SendResult.Failed(null, "SMTP refused: " + Outbound.shorten(message));
        }
        return new SendResult.Retry(null, "SMTP: " + Outbound.shorten(message), null);
    }
}
