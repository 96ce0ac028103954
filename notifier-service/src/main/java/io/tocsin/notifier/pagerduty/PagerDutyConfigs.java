package io.tocsin.notifier.pagerduty;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.integrations.IntegrationKind;
import io.tocsin.notifier.integrations.IntegrationStore;
import io.tocsin.notifier.integrations.StoredIntegration;
import io.tocsin.platform.security.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each organisation's PagerDuty configuration: stored through the API (secrets sealed), any field
 * left unset taken from the environment ({@code PAGERDUTY_SERVICE_KEY}, {@code PAGERDUTY_ROUTING_RULES},
 * {@code PAGERDUTY_API_TOKEN}).
 */
@ApplicationScoped
public class PagerDutyConfigs {

    private static final ObjectMapper RULES = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Pool pool;
    private final IntegrationStore store;
    private final PagerDutyEnvironment environment;
    private final List<RoutingRule> environmentRules;
    private final Clock clock;

    public PagerDutyConfigs(Pool pool, IntegrationStore store, PagerDutyEnvironment environment, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.environment = environment;
        this.clock = clock;
        this.environmentRules = parseRules(environment.routingRules().orElse(null));
    }

    /** PAGERDUTY_ROUTING_RULES, read at start: a malformed value stops the service with a clear message. */
    static List<RoutingRule> parseRules(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<RoutingRule> rules = RULES.readValue(json, new TypeReference<List<RoutingRule>>() { });
            for (RoutingRule rule : rules) {
                if (rule == null || rule.servicePattern() == null || rule.servicePattern().isBlank() || rule.serviceKey() == null
                        || rule.serviceKey().isBlank()) {
                    throw new IllegalArgumentException("every rule needs service_pattern and service_key");
                }
            }
            return List.copyOf(rules);
        } catch (Exception e) {
            throw new IllegalStateException("PAGERDUTY_ROUTING_RULES must be a JSON array of"
                    + " {\"service_pattern\":…,\"service_key\":…} objects (" + e.getClass().getSimpleName() + ")");
        }
    }

    public Uni<PagerDutyConfig> effective(SqlClient client, String org) {
        return store.find(client, org, IntegrationKind.PAGERDUTY).map(this::effective);
    }

    /** Every stored configuration (effective) with the webhook secrets it holds, for inbound webhooks. */
    public Uni<List<PagerDutyConfig.Owned>> allWithWebhookSecrets() {
        return store.all(pool, IntegrationKind.PAGERDUTY).map(found -> found.stream()
                .map(stored -> new PagerDutyConfig.Owned(stored.org(), effective(Optional.of(stored))))
                .filter(owned -> !owned.config().webhookSecrets().isEmpty())
                .toList());
    }

    public Uni<PagerDutyConfigView> view(String org) {
        return store.find(pool, org, IntegrationKind.PAGERDUTY).map(found -> PagerDutyConfigView.of(effective(found),
                environment.eventsUrl(), found.map(StoredIntegration::updatedBy).orElse(null),
                found.map(StoredIntegration::updatedAt).orElse(null)));
    }

    public Uni<PagerDutyConfigView> replace(Caller caller, PagerDutyConfigRequest request) {
        return pool.withTransaction(tx -> store.find(tx, caller.org(), IntegrationKind.PAGERDUTY).flatMap(found -> {
            JsonObject secrets = found.map(StoredIntegration::secrets).orElseGet(JsonObject::new).copy();
            if (request.routingRules() != null) {
                JsonArray rules = new JsonArray();
                request.routingRules().forEach(rule -> rules.add(new JsonObject().put("service_pattern", rule.servicePattern().strip())
                        .put("service_key", rule.serviceKey().strip())));
                secrets.put("routingRules", rules);
            }
            putSecret(secrets, "serviceKey", request.serviceKey());
            putSecret(secrets, "apiToken", request.apiToken());
            if (request.webhookSecrets() != null) {
                secrets.put("webhookSecrets", new JsonArray(request.webhookSecrets().stream().map(String::strip).toList()));
            }
            JsonObject settings = new JsonObject()
                    .put("enabled", request.enabled() == null || request.enabled())
                    .put("minimumSeverity", request.minimumSeverity() == null ? PagerDutyConfig.DEFAULT_MINIMUM : request.minimumSeverity());
            StoredIntegration stored = new StoredIntegration(caller.org(), IntegrationKind.PAGERDUTY, settings, secrets,
                    caller.sub(), Db.micros(clock.instant()));
            return store.save(tx, stored).replaceWith(PagerDutyConfigView.of(effective(Optional.of(stored)),
                    environment.eventsUrl(), stored.updatedBy(), stored.updatedAt()));
        }));
    }

    private static void putSecret(JsonObject secrets, String key, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            secrets.remove(key);
        } else {
            secrets.put(key, value.strip());
        }
    }

    PagerDutyConfig effective(Optional<StoredIntegration> found) {
        JsonObject settings = found.map(StoredIntegration::settings).orElseGet(JsonObject::new);
        JsonObject secrets = found.map(StoredIntegration::secrets).orElseGet(JsonObject::new);
        List<RoutingRule> rules = secrets.containsKey("routingRules") ? rules(secrets.getJsonArray("routingRules")) : environmentRules;
        String serviceKey = secrets.getString("serviceKey", environment.serviceKey().orElse(null));
        String apiToken = secrets.getString("apiToken", environment.apiToken().orElse(null));
        List<String> webhookSecrets = new ArrayList<>();
        JsonArray stored = secrets.getJsonArray("webhookSecrets", new JsonArray());
        stored.forEach(secret -> webhookSecrets.add((String) secret));
        return new PagerDutyConfig(settings.getBoolean("enabled", true), rules, serviceKey,
                settings.getString("minimumSeverity", PagerDutyConfig.DEFAULT_MINIMUM), List.copyOf(webhookSecrets), apiToken,
                found.isPresent());
    }

    private static List<RoutingRule> rules(JsonArray array) {
        List<RoutingRule> rules = new ArrayList<>();
        array.forEach(item -> {
            JsonObject rule = (JsonObject) item;
            rules.add(new RoutingRule(rule.getString("service_pattern"), rule.getString("service_key")));
        });
        return List.copyOf(rules);
    }
}
