package io.tocsin.notifier.webhooks;

import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.http.SendResult;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Webhook subscriptions of an organisation: created with a secret shown once, changed, removed, pinged. */
@ApplicationScoped
public class WebhookService {

    static final Set<String> EVENT_TYPES = Arrays.stream(IncidentEventType.values()).map(IncidentEventType::wireName)
            .collect(Collectors.toUnmodifiableSet());

    private final Pool pool;
    private final WebhookRepository webhooks;
    private final WebhookCalls calls;
    private final Clock clock;

    public WebhookService(Pool pool, WebhookRepository webhooks, WebhookCalls calls, Clock clock) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.calls = calls;
        this.clock = clock;
    }

    public Uni<WebhookView> create(Caller caller, WebhookRequest request) {
        List<String> events = events(request.events());
        String url = request.url().strip();
        return checked(url).flatMap(ok -> {
            Instant now = now();
            Webhook webhook = new Webhook(RowIds.next(), caller.org(), url, events,
                    request.enabled() == null || request.enabled(), StandardWebhooks.newSecret(), now, now);
            return webhooks.insert(pool, webhook, caller.sub()).replaceWith(WebhookView.created(webhook));
        });
    }

    public Uni<List<WebhookView>> list(String org) {
        return webhooks.list(pool, org).map(found -> found.stream().map(WebhookView::of).toList());
    }

    public Uni<WebhookView> patch(String org, UUID id, WebhookPatch patch) {
        List<String> events = patch.events() == null ? null : events(patch.events());
        Uni<Void> urlChecked = patch.url() == null ? Uni.createFrom().voidItem() : checked(patch.url().strip());
        return urlChecked.flatMap(ok -> pool.withTransaction(tx -> webhooks.find(tx, org, id).flatMap(found -> {
            Webhook current = found.orElseThrow(() -> notFound(id));
            Webhook changed = new Webhook(id, org, patch.url() == null ? current.url() : patch.url().strip(),
                    events == null ? current.events() : events, patch.enabled() == null ? current.enabled() : patch.enabled(),
                    current.secret(), current.createdAt(), now());
            return webhooks.update(tx, changed).replaceWith(WebhookView.of(changed));
        })));
    }

    public Uni<Void> delete(String org, UUID id) {
        return webhooks.delete(pool, org, id).map(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return null;
        });
    }

    /** The answer to a ping: whether the receiver took it, and what it said. */
    public record PingResult(boolean delivered, Integer statusCode, String error) {
    }

    /** Sends a signed {@code webhook.ping} at once (not through the delivery queue) and says how it went. */
    public Uni<PingResult> ping(String org, UUID id) {
        return webhooks.find(pool, org, id).flatMap(found -> {
            Webhook webhook = found.orElseThrow(() -> notFound(id));
            Instant now = now();
            String body = new JsonObject().put("type", "webhook.ping").put("timestamp", now.toString())
                    .put("data", new JsonObject().put("webhookId", id.toString()).put("org", org)).encode();
            return calls.post(webhook, "ping-" + UUID.randomUUID(), body).map(WebhookService::pingResult);
        });
    }

    private static PingResult pingResult(SendResult result) {
        if (result instanceof SendResult.Retry retry) {
            return new PingResult(false, retry.statusCode(), retry.reason());
        }
        if (result instanceof SendResult.Failed failed) {
            return new PingResult(false, failed.statusCode(), failed.reason());
        }
        return new PingResult(true, result.statusCode(), null);
    }

    private Uni<Void> checked(String url) {
        return calls.refusal(url).map(refused -> {
            if (refused != null) {
                throw ProblemException.invalid("url", refused);
            }
            return null;
        });
    }

    private static List<String> events(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i).strip();
            if (!EVENT_TYPES.contains(type)) {
                throw ProblemException.invalid("events[" + i + "]", "unknown event type; one of " + EVENT_TYPES.stream().sorted().toList());
            }
            events.add(type);
        }
        return List.copyOf(events);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("webhook " + id);
    }

    private Instant now() {
        return Db.micros(clock.instant());
    }
}
