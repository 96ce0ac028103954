package io.tocsin.notifier.incidentio;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.deliveries.Delivery;
import io.tocsin.notifier.deliveries.DeliverySender;
import io.tocsin.notifier.deliveries.Destinations;
import io.tocsin.notifier.http.Outbound;
import io.tocsin.notifier.http.SendResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/**
 * Talks to the incident.io API: creates incidents ({@code POST /v2/incidents}, idempotent by the
 * Tocsin incident id) and keeps the returned id; resolves them by editing to the status named in
 * the configuration, and follows severity changes. Ids of severities and statuses are looked up
 * by name ({@code GET /v1/severities}, {@code GET /v1/incident_statuses}) at the time of sending.
 * Every call goes through {@link Outbound}, so 429 with {@code Retry-After} is honoured.
 */
@ApplicationScoped
public class IncidentIoSender implements DeliverySender {

    private final Outbound outbound;
    private final IncidentIoConfigs configs;
    private final IncidentIoEnvironment environment;
    private final Pool pool;
    private final Clock clock;

    public IncidentIoSender(Outbound outbound, IncidentIoConfigs configs, IncidentIoEnvironment environment, Pool pool,
            Clock clock) {
        this.outbound = outbound;
        this.configs = configs;
        this.environment = environment;
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return Destinations.INCIDENT_IO;
    }

    @Override
    public Uni<SendResult> send(Delivery delivery) {
        return configs.effective(pool, delivery.org()).flatMap(config -> {
            if (config.apiToken() == null || config.apiToken().isBlank()) {
                return failed("incident.io API token is not configured");
            }
            Map<String, String> auth = Map.of("Authorization", "Bearer " + config.apiToken(), "Accept", "application/json");
            return switch (delivery.action()) {
                case IncidentIoPlanner.CREATE -> create(delivery, auth);
                case IncidentIoPlanner.RESOLVE -> edit(delivery, auth, config, "/v1/incident_statuses", "incident_statuses",
                        delivery.payload().getString("status_name"), "incident_status_id", "incident status");
                case IncidentIoPlanner.SEVERITY -> edit(delivery, auth, config, "/v1/severities", "severities",
                        delivery.payload().getString("severity_name"), "severity_id", "severity");
                default -> failed("unknown incident.io action " + delivery.action());
            };
        });
    }

    private Uni<SendResult> create(Delivery delivery, Map<String, String> auth) {
        JsonObject body = delivery.payload().copy();
        Uni<Lookup> severity = body.containsKey("severity_id") ? Uni.createFrom().item(Lookup.found(body.getString("severity_id")))
                : lookup(auth, "/v1/severities", "severities", "Critical", "severity");
        return severity.flatMap(found -> found.problem() != null ? Uni.createFrom().item(found.problem())
                : outbound.call(HttpMethod.POST, url("/v2/incidents"), auth, body.put("severity_id", found.id()).encode()).flatMap(reply -> {
                    SendResult result = outbound.classify(reply);
                    if (!(result instanceof SendResult.Delivered)) {
                        return Uni.createFrom().item(result);
                    }
                    String id = incidentId(reply.body());
                    if (id == null) {
                        return failed("incident.io answered " + reply.status() + " without an incident id");
                    }
                    return remember(delivery, id).replaceWith(result);
                }).onFailure().recoverWithItem(Outbound::transportFailure));
    }

    private Uni<SendResult> edit(Delivery delivery, Map<String, String> auth, IncidentIoConfig config, String path,
            String listKey, String name, String field, String what) {
        return knownId(delivery).flatMap(incidentIoId -> {
            if (incidentIoId == null) {
                return failed("no incident.io incident is known for this incident (its creation did not succeed)");
            }
            return lookup(auth, path, listKey, name, what).flatMap(found -> found.problem() != null
                    ? Uni.createFrom().item(found.problem())
                    : outbound.send(HttpMethod.POST, url("/v2/incidents/" + incidentIoId + "/actions/edit"), auth,
                            new JsonObject().put("incident", new JsonObject().put(field, found.id())).put("notify_incident_channel", config.notifyChannel())
                                    .encode()));
        });
    }

    /** An id found by name, or the result to record instead (retry, or failure). */
    private record Lookup(String id, SendResult problem) {

        static Lookup found(String id) {
            return new Lookup(id, null);
        }

        static Lookup problem(SendResult problem) {
            return new Lookup(null, problem);
        }
    }

    /** Finds the id of the entry named {@code name} (case-insensitive) in a list endpoint. */
    private Uni<Lookup> lookup(Map<String, String> auth, String path, String listKey, String name, String what) {
        return outbound.call(HttpMethod.GET, url(path), auth, null).map(reply -> {
            SendResult result = outbound.classify(reply);
            if (!(result instanceof SendResult.Delivered)) {
                return Lookup.problem(result);
            }
            JsonArray entries;
            try {
                entries = new JsonObject(reply.body()).getJsonArray(listKey, new JsonArray());
            } catch (RuntimeException e) {
                return Lookup.problem(new SendResult.Retry(reply.status(), "incident.io " + path + " answered unreadable JSON", null));
            }
            for (Object entry : entries) {
                if (entry instanceof JsonObject object && name != null && name.equalsIgnoreCase(object.getString("name"))) {
                    return Lookup.found(object.getString("id"));
                }
            }
            return Lookup.problem(new SendResult.Failed(null, "incident.io has no " + what + " named " + name));
        }).onFailure().recoverWithItem(failure -> Lookup.problem(Outbound.transportFailure(failure)));
    }

    private static String incidentId(String body) {
        try {
            JsonObject incident = new JsonObject(body).getJsonObject("incident");
            return incident == null ? null : incident.getString("id");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Uni<String> knownId(Delivery delivery) {
        return pool.preparedQuery("SELECT incident_io_id FROM notifier.incident_state WHERE org_id = $1 AND incident_id = $2")
                .execute(Tuple.of(delivery.org(), delivery.incidentId()))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString("incident_io_id"));
    }

    private Uni<Void> remember(Delivery delivery, String incidentIoId) {
        return pool.preparedQuery("UPDATE notifier.incident_state SET incident_io_id = $3, updated_at = $4"
                        + " WHERE org_id = $1 AND incident_id = $2")
                .execute(Tuple.of(delivery.org(), delivery.incidentId(), incidentIoId, Db.ts(Db.micros(clock.instant()))))
                .replaceWithVoid();
    }

    private String url(String path) {
        return environment.apiUrl().replaceAll("/+$", "") + path;
    }

    private static Uni<SendResult> failed(String reason) {
        return Uni.createFrom().item(new SendResult.Failed(null, reason));
    }
}
