package io.tocsin.notifier.events;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.deliveries.DeliveryRepository;
import io.tocsin.notifier.deliveries.Destinations;
import io.tocsin.notifier.deliveries.NewDelivery;
import io.tocsin.notifier.email.DraftEmail;
import io.tocsin.notifier.email.Recipient;
import io.tocsin.notifier.email.RecipientRepository;
import io.tocsin.notifier.incidentio.IncidentIoConfig;
import io.tocsin.notifier.incidentio.IncidentIoConfigs;
import io.tocsin.notifier.incidentio.IncidentIoPlanner;
import io.tocsin.notifier.pagerduty.PagerDutyConfig;
import io.tocsin.notifier.pagerduty.PagerDutyConfigs;
import io.tocsin.notifier.pagerduty.PagerDutyPlanner;
import io.tocsin.notifier.secrets.Secrets;
import io.tocsin.notifier.webhooks.Webhook;
import io.tocsin.notifier.webhooks.WebhookRepository;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one consumed incident event into deliveries, in the transaction that records the event in
 * the inbox: one per destination that the organisation's configuration says should hear of it —
 * PagerDuty, incident.io, each webhook subscribed to the type, and (for auto-drafts) each owner
 * who wants draft emails. Incidents imported from incident.io are run there: they go to webhooks (event
 * feeds) but are neither paged nor created in incident.io again (see the two planners).
 */
@ApplicationScoped
public class DeliveryPlanner {

    private final IncidentStateRepository states;
    private final DeliveryRepository deliveries;
    private final PagerDutyConfigs pagerDuty;
    private final IncidentIoConfigs incidentIo;
    private final WebhookRepository webhooks;
    private final RecipientRepository recipients;
    private final Secrets secrets;
    private final NotifierSettings settings;
    private final Clock clock;

    public DeliveryPlanner(IncidentStateRepository states, DeliveryRepository deliveries, PagerDutyConfigs pagerDuty,
            IncidentIoConfigs incidentIo, WebhookRepository webhooks, RecipientRepository recipients, Secrets secrets,
            NotifierSettings settings, Clock clock) {
        this.states = states;
        this.deliveries = deliveries;
        this.pagerDuty = pagerDuty;
        this.incidentIo = incidentIo;
        this.webhooks = webhooks;
        this.recipients = recipients;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
    }

    /** Everything the planning of one event reads from the organisation's configuration. */
    private record Configuration(PagerDutyConfig pagerDuty, IncidentIoConfig incidentIo, List<Webhook> webhooks,
            List<Recipient> draftRecipients) {
    }

    public Uni<Void> plan(SqlConnection tx, IncidentEventData event) {
        Instant now = Db.micros(clock.instant());
        return states.lock(tx, event.org(), event.incidentId(), now)
                .flatMap(state -> configuration(tx, event).flatMap(config -> {
                    IncidentState scored = event.score() != null
                            && ("incident.auto_drafted".equals(event.type()) || "incident.signal_appended".equals(event.type()))
                            ? state.withScore(event.score()) : state;
                    List<NewDelivery> planned = new ArrayList<>();
                    IncidentState after = planPagerDuty(event, config.pagerDuty(), scored, planned);
                    after = planIncidentIo(event, config.incidentIo(), after, planned);
                    config.webhooks().forEach(webhook -> planned.add(new NewDelivery(Destinations.webhook(webhook.id()),
                            "event", webhookBody(event))));
                    config.draftRecipients().forEach(recipient -> planned.add(new NewDelivery(Destinations.email(recipient.id()),
                            DraftEmail.ACTION, DraftEmail.payload(event, recipient, settings.publicUrl()))));
                    IncidentState saved = after;
                    return deliveries.insertAll(tx, event.org(), event.eventId(), event.type(), event.incidentId(), planned, now)
                            .flatMap(count -> states.save(tx, event.org(), event.incidentId(), saved, now));
                }));
    }

    private Uni<Configuration> configuration(SqlConnection tx, IncidentEventData event) {
        // One connection runs one query at a time: read the configuration step by step.
        return pagerDuty.effective(tx, event.org())
                .flatMap(pd -> incidentIo.effective(tx, event.org())
                        .flatMap(io -> webhooks.subscribedTo(tx, event.org(), event.type())
                                .flatMap(hooks -> draftRecipients(tx, event)
                                        .map(owners -> new Configuration(pd, io, hooks, owners)))));
    }

    private Uni<List<Recipient>> draftRecipients(SqlConnection tx, IncidentEventData event) {
        return "incident.auto_drafted".equals(event.type()) ? recipients.draftRecipients(tx, event.org())
                : Uni.createFrom().item(List.of());
    }

    private IncidentState planPagerDuty(IncidentEventData event, PagerDutyConfig config, IncidentState state,
            List<NewDelivery> planned) {
        PagerDutyPlanner.Decision decision = PagerDutyPlanner.plan(event, config, state, settings.publicUrl());
        Optional<PagerDutyPlanner.Send> send = decision.send();
        if (send.isPresent() && send.get().routingKey() != null) {
            planned.add(new NewDelivery(Destinations.PAGERDUTY, send.get().action(), send.get().body(),
                    secrets.seal(event.org(), send.get().routingKey())));
        }
        return state.withPagerDuty(decision.openAfter(), decision.keyAfter());
    }

    private IncidentState planIncidentIo(IncidentEventData event, IncidentIoConfig config, IncidentState state,
            List<NewDelivery> planned) {
        Optional<IncidentIoPlanner.Send> send = IncidentIoPlanner.plan(event, config, state, settings.publicUrl());
        if (send.isEmpty()) {
            return state;
        }
        planned.add(new NewDelivery(Destinations.INCIDENT_IO, send.get().action(), send.get().payload()));
        return IncidentIoPlanner.CREATE.equals(send.get().action()) ? state.withIncidentIoPlanned() : state;
    }

    /** A webhook body: {@code {type, timestamp, data}}, data being the event's own ({@code {incident, change}}). */
    private static JsonObject webhookBody(IncidentEventData event) {
        return new JsonObject().put("type", event.type()).put("timestamp", event.time().toString()).put("data", event.data());
    }
}
