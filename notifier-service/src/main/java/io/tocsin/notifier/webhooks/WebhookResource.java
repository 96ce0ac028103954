package io.tocsin.notifier.webhooks;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Webhook subscriptions, managed by admins. */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class WebhookResource {

    private final WebhookService webhooks;
    private final CurrentCaller caller;

    public WebhookResource(WebhookService webhooks, CurrentCaller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a URL to incident events", description = "events: event types (incident.created, …);"
            + " empty or missing = all. Requests are signed as Standard Webhooks (webhook-id, webhook-timestamp,"
            + " webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>, key = the base64 part of the secret"
            + " whsec_…). The secret is shown only in this answer. URLs resolving to loopback, link-local or private"
            + " addresses are refused (400) unless tocsin.webhooks.allow-private-targets is set.")
    public Uni<Response> create(@Valid @NotNull WebhookRequest request) {
        return webhooks.create(caller.get(), request)
                .map(created -> Response.created(URI.create("/api/webhooks/" + created.id())).entity(created).build());
    }

    @GET
    @Operation(summary = "List webhook subscriptions (without their secrets)")
    public Uni<List<WebhookView>> list() {
        return webhooks.list(caller.get().org());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a subscription's url, events or enabled flag (fields left out are unchanged)")
    public Uni<WebhookView> patch(@PathParam("id") String id, @Valid @NotNull WebhookPatch patch) {
        return webhooks.patch(caller.get().org(), uuid(id), patch);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a subscription; its pending deliveries fail")
    public Uni<Response> delete(@PathParam("id") String id) {
        return webhooks.delete(caller.get().org(), uuid(id)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/ping")
    @Operation(summary = "Send a signed webhook.ping now", description = "Answers whether the receiver accepted it"
            + " ({delivered, statusCode, error}); not retried, not in the delivery log.")
    public Uni<WebhookService.PingResult> ping(@PathParam("id") String id) {
        return webhooks.ping(caller.get().org(), uuid(id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("webhook " + id);
        }
    }
}
