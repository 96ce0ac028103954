package io.tocsin.notifier.incidentio.imports;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.http.Outbound;
import io.tocsin.notifier.http.SendResult;
import io.tocsin.notifier.incidentio.IncidentIoEnvironment;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads incident.io's incident list ({@code GET /v2/incidents?page_size=…&after=…}) one page at a
 * time, through {@link Outbound}: non-blocking, time-limited, and classified like every other call
 * (429/5xx/timeouts retryable with their {@code Retry-After}, other 4xx refused).
 */
@ApplicationScoped
public class IncidentIoIncidents {

    private final Outbound outbound;
    private final IncidentIoEnvironment environment;

    public IncidentIoIncidents(Outbound outbound, IncidentIoEnvironment environment) {
        this.outbound = outbound;
        this.environment = environment;
    }

    /** One page, or why there is none. */
    public sealed interface Answer {
    }

    /**
     * A page of incidents and the cursor of the next one ({@code null}: this was the last page).
     */
    public record Page(List<JsonObject> incidents, String after) implements Answer {
    }

    /** No page: worth retrying ({@link SendResult.Retry}) or refused ({@link SendResult.Failed}). */
    public record Problem(SendResult result) implements Answer {
    }

    public Uni<Answer> page(String apiToken, String after, int pageSize) {
        String url = environment.apiUrl().replaceAll("/+$", "") + "/v2/incidents?page_size=" + pageSize
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("Authorization", "Bearer " + apiToken, "Accept", "application/json");
        return outbound.call(HttpMethod.GET, url, headers, null)
                .map(reply -> {
                    SendResult result = outbound.classify(reply);
                    return result instanceof SendResult.Delivered ? read(reply) : (Answer) new Problem(result);
                })
                .onFailure().recoverWithItem(failure -> new Problem(Outbound.transportFailure(failure)));
    }

    private static Answer read(Outbound.Reply reply) {
        JsonObject body;
        try {
            body = new JsonObject(reply.body());
        } catch (RuntimeException e) {
            return new Problem(new SendResult.Retry(reply.status(), "incident.io answered unreadable JSON", null));
        }
        List<JsonObject> incidents = new ArrayList<>();
        if (body.getValue("incidents") instanceof JsonArray array) {
            array.forEach(item -> {
                if (item instanceof JsonObject incident) {
                    incidents.add(incident);
                }
            });
        }
        JsonObject meta = body.getValue("pagination_meta") instanceof JsonObject found ? found : new JsonObject();
        String after = meta.getValue("after") instanceof String next && !next.isBlank() ? next : null;
        // An empty page ends the list, whatever the cursor says.
        return new Page(incidents, incidents.isEmpty() ? null : after);
    }
}
