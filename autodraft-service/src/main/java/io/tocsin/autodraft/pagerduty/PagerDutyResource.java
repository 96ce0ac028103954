package io.tocsin.autodraft.pagerduty;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.catalogue.Slugs;
import io.tocsin.autodraft.signals.Signal;
import io.tocsin.autodraft.signals.SignalService;
import io.tocsin.autodraft.signals.SignalSource;
import io.tocsin.autodraft.signals.SignalStatus;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Accepts PagerDuty Events API v2 requests, so that any tool that can page PagerDuty can feed
 * Tocsin. Public by design: the routing key authenticates the sender (it names an intake key).
 */
@Path("/api/signals/pagerduty/v2/enqueue")
public class PagerDutyResource {

    private final IntakeKeys keys;
    private final SignalService signals;
    private final ObjectMapper json;

    public PagerDutyResource(IntakeKeys keys, SignalService signals, ObjectMapper json) {
        this.keys = keys;
        this.signals = signals;
        this.json = json;
    }

    /** PagerDuty's answer shape, for success (202) and for an invalid event (400). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reply(String status, String message, String dedup_key, List<String> errors) {

        static Reply accepted(String dedupKey) {
            return new Reply("success", "Event processed", dedupKey, null);
        }

        static Reply invalid(List<String> errors) {
            return new Reply("invalid event", "Event object is invalid", null, errors);
        }
    }

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a PagerDuty Events API v2 event (PagerDuty-compatible intake)", description = "Public by"
            + " design: no bearer token; the routing_key authenticates the sender and must be an intake key created with"
            + " POST /api/intake-keys (it names the organisation and the service). trigger → the metric named by dedup_key"
            + " turns unhealthy (a dedup_key is generated and returned when a trigger has none), resolve → healthy,"
            + " acknowledge → accepted, no change. Answers mirror PagerDuty's instead of problem+json: 202"
            + " {status: success, message: Event processed, dedup_key} and 400 {status: invalid event, message: Event"
            + " object is invalid, errors: [...]}. Unknown fields are ignored, as PagerDuty does.")
    @APIResponse(responseCode = "202", description = "Event processed (PagerDuty's answer)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reply.class)))
    @APIResponse(responseCode = "400", description = "Invalid event or unknown routing key; PagerDuty's error shape, not"
            + " problem+json", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reply.class)))
    public Uni<Response> enqueue(String body) {
        PagerDutyEvent event;
        try {
            event = PagerDutyEvent.parse(read(body));
        } catch (PagerDutyEvent.Invalid e) {
            return Uni.createFrom().item(reply(400, Reply.invalid(e.errors())));
        }
        return keys.resolve(event.routingKey()).flatMap(key -> {
            if (key.isEmpty()) {
                return Uni.createFrom().item(reply(400, Reply.invalid(List.of("Invalid routing key"))));
            }
            String dedupKey = event.dedupKey() != null ? event.dedupKey() : UUID.randomUUID().toString().replace("-", "");
            if (event.action() == PagerDutyEvent.Action.ACKNOWLEDGE) {
                return Uni.createFrom().item(reply(202, Reply.accepted(dedupKey)));
            }
            Signal signal = new Signal(signalId(key.get(), body), key.get().org(), Slugs.fromExternal(dedupKey),
                    event.action() == PagerDutyEvent.Action.TRIGGER ? SignalStatus.UNHEALTHY : SignalStatus.HEALTHY, null, null,
                    event.timestamp(), key.get().service(), null, event.metricSeverity(), SignalSource.PAGERDUTY);
            return signals.receiveAll(List.of(signal)).replaceWith(reply(202, Reply.accepted(dedupKey)));
        });
    }

    /**
     * PagerDuty events carry no id, so the same request (a sender's retry) is recognised by its
     * content: the intake key and the exact body. An identical event sent again is a duplicate,
     * which changes nothing, as a repeated trigger of an unhealthy metric would not either.
     */
    private static String signalId(IntakeKey key, String body) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((key.id() + "\n" + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "pd:" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PagerDutyEvent.Invalid(List.of("Event is not valid JSON"));
        }
    }

    private static Response reply(int status, Reply reply) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(reply).build();
    }
}
