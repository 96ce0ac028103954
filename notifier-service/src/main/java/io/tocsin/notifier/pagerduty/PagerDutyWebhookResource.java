package io.tocsin.notifier.pagerduty;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.problem.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** PagerDuty's generic webhooks (V3) towards Tocsin. Public by design: the HMAC signature authenticates PagerDuty. */
@Path("/api/v1/pagerduty/webhook")
public class PagerDutyWebhookResource {

    private final PagerDutyWebhooks webhooks;

    public PagerDutyWebhookResource(PagerDutyWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a PagerDuty V3 webhook", description = "Public by design: no bearer token; the request"
            + " is authenticated by its X-PagerDuty-Signature (v1=<hex HMAC-SHA256(secret, raw body)>, several allowed),"
            + " which must verify with a webhook secret configured in /api/integrations/pagerduty; that secret's"
            + " organisation is the one acted for. incident.acknowledged, incident.resolved, incident.reassigned and"
            + " incident.reopened of incidents Tocsin triggered (incident_key tocsin-<id>) become external_* commands"
            + " (202). Other event types, other incidents and replayed event ids: 204, nothing done.")
    @APIResponse(responseCode = "202", description = "Accepted: a command was sent to incident-service")
    @APIResponse(responseCode = "204", description = "Ignored (unknown type, not a Tocsin incident) or a replay")
    @APIResponse(responseCode = "401", description = "Missing or wrong signature; nothing done",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> receive(@HeaderParam("X-PagerDuty-Signature") String signature, byte[] body) {
        return webhooks.receive(body == null ? new byte[0] : body, signature).map(received -> switch (received.outcome()) {
            case ACCEPTED -> Response.accepted(Map.of("status", "accepted", "command", received.command(), "commandId",
                    received.commandId())).type(MediaType.APPLICATION_JSON).build();
            case REPLAYED, IGNORED -> Response.noContent().build();
        });
    }
}
