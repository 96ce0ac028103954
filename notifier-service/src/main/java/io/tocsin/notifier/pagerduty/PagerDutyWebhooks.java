package io.tocsin.notifier.pagerduty;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.CommandType;
import io.tocsin.contracts.commands.ExternalChange;
import io.tocsin.notifier.Db;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxWriter;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Inbound PagerDuty V3 webhooks. The organisation is the one whose configured webhook secret
 * verifies the signature (nothing else in the body can be trusted to say it). A verified event of
 * a handled type about a Tocsin incident becomes an {@code external_*} command, written to the
 * outbox in the transaction that records the event id, so a replayed webhook does nothing.
 */
@ApplicationScoped
public class PagerDutyWebhooks {

    private static final Logger LOG = Logger.getLogger(PagerDutyWebhooks.class);

    private final Pool pool;
    private final PagerDutyConfigs configs;
    private final ExternalCommands commands;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final MeterRegistry registry;

    public PagerDutyWebhooks(Pool pool, PagerDutyConfigs configs, ExternalCommands commands, OutboxWriter outbox, Clock clock,
            MeterRegistry registry) {
        this.pool = pool;
        this.configs = configs;
        this.commands = commands;
        this.outbox = outbox;
        this.clock = clock;
        this.registry = registry;
    }

    /** What became of a webhook. */
    public enum Outcome { ACCEPTED, REPLAYED, IGNORED }

    /** The outcome and, when accepted, the command sent. */
    public record Received(Outcome outcome, String command, String commandId) {
    }

    /**
     * Verifies and handles a webhook. Should two organisations have configured the same secret, each
     * of them gets its command: incident-service applies it only in the organisation that owns the
     * incident, so neither can take the other's webhooks away.
     */
    public Uni<Received> receive(byte[] body, String signature) {
        return configs.allWithWebhookSecrets().flatMap(owned -> {
            List<String> orgs = owned.stream()
                    .filter(o -> WebhookSignature.verifyingSecret(body, signature, o.config().webhookSecrets()) != null)
                    .map(PagerDutyConfig.Owned::org).toList();
            if (orgs.isEmpty()) {
                count("unauthenticated");
                throw new ProblemException(401, "unauthenticated", "Unauthenticated",
                        "X-PagerDuty-Signature is missing or does not verify with a configured webhook secret");
            }
            String text = new String(body, StandardCharsets.UTF_8);
            Uni<Received> chain = handle(orgs.get(0), text);
            for (String org : orgs.subList(1, orgs.size())) {
                chain = chain.flatMap(first -> handle(org, text).map(other -> first));
            }
            return chain;
        });
    }

    private Uni<Received> handle(String org, String body) {
        Optional<PagerDutyWebhookEvent> read = PagerDutyWebhookEvent.read(body);
        if (read.isEmpty()) {
            throw ProblemException.invalid("event", "a PagerDuty V3 webhook {\"event\": {\"id\", \"event_type\", …}} is required");
        }
        PagerDutyWebhookEvent event = read.get();
        Optional<CommandType> type = event.command();
        if (type.isEmpty() || event.incidentId() == null) {
            LOG.debugf("PagerDuty webhook %s (%s) for org %s ignored", event.id(), event.type(), org);
            count("ignored");
            return Uni.createFrom().item(new Received(Outcome.IGNORED, null, null));
        }
        Instant now = Db.micros(clock.instant());
        ExternalChange change = new ExternalChange(RowIds.next().toString(), org, PagerDutyPlanner.ORIGIN, event.incidentId(),
                event.pagerDutyIncidentId(), event.agent(), event.occurredAt() == null ? now : event.occurredAt(),
                note(type.get(), event), type.get() == CommandType.EXTERNAL_REASSIGNED ? event.assignees() : List.of());
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO notifier.pagerduty_webhook_events"
                        + " (org_id, event_id, event_type, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(org, event.id(), event.type(), Db.ts(now)))
                .flatMap(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(new Received(Outcome.REPLAYED, null, null))
                        : outbox.append(tx, List.of(commands.of(type.get(), change, now)))
                                .replaceWith(new Received(Outcome.ACCEPTED, type.get().wireName(), change.commandId()))))
                .invoke(received -> count(received.outcome().name().toLowerCase()));
    }

    /** A resolution needs a summary in Tocsin: PagerDuty's note, else who resolved it there. */
    private static String note(CommandType type, PagerDutyWebhookEvent event) {
        if (type != CommandType.EXTERNAL_RESOLVED) {
            return event.note();
        }
        if (event.note() != null && !event.note().isBlank()) {
            return event.note();
        }
        String who = event.agent() == null || event.agent().name() == null ? "" : " by " + event.agent().name();
        return "Resolved in PagerDuty" + who + ".";
    }

    private void count(String outcome) {
        registry.counter("tocsin.notifier.pagerduty.webhooks", "outcome", outcome).increment();
    }
}
