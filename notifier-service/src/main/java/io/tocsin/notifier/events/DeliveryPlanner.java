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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Everything the planning of an organisation's events reads from its configuration. */
    private record Configuration(PagerDutyConfig pagerDuty, IncidentIoConfig incidentIo, List<Webhook> webhooks,
            List<Recipient> draftRecipients) {
    }

    /**
     * Plans consumed events, in order, in the inbox transaction: the states of their incidents are
     * locked together, each organisation's configuration is read once, the events are planned in
     * memory one after the other (an incident's state carried from one of its events to the next),
     * and then all deliveries and states are written — a handful of statements for a batch, not a
     * handful per event.
     */
    public Uni<Void> planAll(SqlConnection tx, List<IncidentEventData> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Db.micros(clock.instant());
        List<IncidentStateRepository.Key> keys = events.stream()
                .map(event -> new IncidentStateRepository.Key(event.org(), event.incidentId())).toList();
        return states.lockAll(tx, keys, now)
                .flatMap(locked -> configurations(tx, events).flatMap(configurations -> {
                    Map<IncidentStateRepository.Key, IncidentState> current = new LinkedHashMap<>();
                    List<DeliveryRepository.Planned> planned = new ArrayList<>();
                    for (int i = 0; i < events.size(); i++) {
                        IncidentEventData event = events.get(i);
                        IncidentStateRepository.Key key = keys.get(i);
                        IncidentState before = current.getOrDefault(key, locked.getOrDefault(key, IncidentState.NEW));
                        current.put(key, plan(event, configurations.get(event.org()), before, planned));
                    }
                    return deliveries.insertAll(tx, planned, now).flatMap(count -> states.saveAll(tx, current, now));
                }));
    }

    /** Plans one event's deliveries into {@code planned}; answers its incident's state after it. */
    private IncidentState plan(IncidentEventData event, Configuration config, IncidentState state,
            List<DeliveryRepository.Planned> planned) {
        IncidentState scored = event.score() != null
                && ("incident.auto_drafted".equals(event.type()) || "incident.signal_appended".equals(event.type()))
                ? state.withScore(event.score()) : state;
        List<NewDelivery> deliveriesOfEvent = new ArrayList<>();
        IncidentState after = planPagerDuty(event, config.pagerDuty(), scored, deliveriesOfEvent);
        after = planIncidentIo(event, config.incidentIo(), after, deliveriesOfEvent);
        for (Webhook webhook : config.webhooks()) {
            if (webhook.wants(event.type())) {
                deliveriesOfEvent.add(new NewDelivery(Destinations.webhook(webhook.id()), "event", webhookBody(event)));
            }
        }
        if ("incident.auto_drafted".equals(event.type())) {
            config.draftRecipients().forEach(recipient -> deliveriesOfEvent.add(new NewDelivery(Destinations.email(recipient.id()),
                    DraftEmail.ACTION, DraftEmail.payload(event, recipient, settings.publicUrl()))));
        }
        deliveriesOfEvent.forEach(delivery -> planned.add(
                new DeliveryRepository.Planned(event.org(), event.eventId(), event.type(), event.incidentId(), delivery)));
        return after;
    }

    /** Each organisation's configuration, read once (one connection runs one query at a time: one after the other). */
    private Uni<Map<String, Configuration>> configurations(SqlConnection tx, List<IncidentEventData> events) {
        Map<String, Boolean> orgs = new LinkedHashMap<>();
        events.forEach(event -> orgs.merge(event.org(), "incident.auto_drafted".equals(event.type()), Boolean::logicalOr));
        Uni<Map<String, Configuration>> chain = Uni.createFrom().item(new HashMap<>());
        for (Map.Entry<String, Boolean> org : orgs.entrySet()) {
            chain = chain.flatMap(found -> configuration(tx, org.getKey(), org.getValue()).map(config -> {
                found.put(org.getKey(), config);
                return found;
            }));
        }
        return chain;
    }

    private Uni<Configuration> configuration(SqlConnection tx, String org, boolean drafts) {
        return pagerDuty.effective(tx, org)
                .flatMap(pd -> incidentIo.effective(tx, org)
                        .flatMap(io -> webhooks.enabled(tx, org)
                                .flatMap(hooks -> (drafts ? recipients.draftRecipients(tx, org) : Uni.createFrom().item(List.<Recipient>of()))
                                        .map(owners -> new Configuration(pd, io, hooks, owners)))));
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
