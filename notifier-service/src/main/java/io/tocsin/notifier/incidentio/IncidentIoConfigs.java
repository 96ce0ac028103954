package io.tocsin.notifier.incidentio;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.integrations.IntegrationKind;
import io.tocsin.notifier.integrations.IntegrationStore;
import io.tocsin.notifier.integrations.StoredIntegration;
import io.tocsin.platform.security.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/** Each organisation's incident.io configuration: stored (token sealed), unset fields from the environment. */
@ApplicationScoped
public class IncidentIoConfigs {

    private final Pool pool;
    private final IntegrationStore store;
    private final IncidentIoEnvironment environment;
    private final Clock clock;

    public IncidentIoConfigs(Pool pool, IntegrationStore store, IncidentIoEnvironment environment, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.environment = environment;
        this.clock = clock;
    }

    public Uni<IncidentIoConfig> effective(SqlClient client, String org) {
        return store.find(client, org, IntegrationKind.INCIDENT_IO).map(this::effective);
    }

    public Uni<IncidentIoConfigView> view(String org) {
        return store.find(pool, org, IntegrationKind.INCIDENT_IO).map(found -> IncidentIoConfigView.of(effective(found),
                environment.apiUrl(), found.map(StoredIntegration::updatedBy).orElse(null),
                found.map(StoredIntegration::updatedAt).orElse(null)));
    }

    public Uni<IncidentIoConfigView> replace(Caller caller, IncidentIoConfigRequest request) {
        return pool.withTransaction(tx -> store.find(tx, caller.org(), IntegrationKind.INCIDENT_IO).flatMap(found -> {
            JsonObject secrets = found.map(StoredIntegration::secrets).orElseGet(JsonObject::new).copy();
            if (request.apiToken() != null) {
                if (request.apiToken().isBlank()) {
                    secrets.remove("apiToken");
                } else {
                    secrets.put("apiToken", request.apiToken().strip());
                }
            }
            JsonObject settings = new JsonObject().put("enabled", request.enabled() == null || request.enabled());
            putText(settings, "incidentTypeId", request.incidentTypeId());
            putText(settings, "severityId", request.severityId());
            putText(settings, "resolvedStatusName", request.resolvedStatusName());
            if (request.notifyChannel() != null) {
                settings.put("notifyChannel", request.notifyChannel());
            }
            StoredIntegration stored = new StoredIntegration(caller.org(), IntegrationKind.INCIDENT_IO, settings, secrets,
                    caller.sub(), Db.micros(clock.instant()));
            return store.save(tx, stored).replaceWith(IncidentIoConfigView.of(effective(Optional.of(stored)),
                    environment.apiUrl(), stored.updatedBy(), stored.updatedAt()));
        }));
    }

    private static void putText(JsonObject settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.strip());
        }
    }

    IncidentIoConfig effective(Optional<StoredIntegration> found) {
        JsonObject settings = found.map(StoredIntegration::settings).orElseGet(JsonObject::new);
        JsonObject secrets = found.map(StoredIntegration::secrets).orElseGet(JsonObject::new);
        return new IncidentIoConfig(settings.getBoolean("enabled", true),
                secrets.getString("apiToken", environment.apiToken().orElse(null)),
                settings.getString("incidentTypeId", environment.incidentTypeId().orElse(null)),
                settings.getString("severityId", environment.severityId().orElse(null)),
                settings.getString("resolvedStatusName", environment.resolvedStatusName().orElse(null)),
                settings.getBoolean("notifyChannel", environment.notifyChannel()), found.isPresent());
    }
}
