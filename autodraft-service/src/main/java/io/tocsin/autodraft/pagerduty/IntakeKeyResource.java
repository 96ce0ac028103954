package io.tocsin.autodraft.pagerduty;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** Routing keys for the PagerDuty-compatible intake; admins manage them. */
@Path("/api/intake-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class IntakeKeyResource {

    private final IntakeKeys keys;
    private final CurrentCaller caller;

    public IntakeKeyResource(IntakeKeys keys, CurrentCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an intake key", description = "The answer is the only time the key is shown: use it as"
            + " routing_key of PagerDuty Events API v2 requests sent to /api/signals/pagerduty/v2/enqueue.")
    public Uni<Response> create(@Valid @NotNull IntakeKeyRequest request) {
        return keys.create(caller.get(), request)
                .map(created -> Response.created(URI.create("/api/intake-keys/" + created.id())).entity(created).build());
    }

    @GET
    @Operation(summary = "List intake keys (the last 4 characters of each key only)")
    public Uni<List<IntakeKeyView>> list() {
        return keys.list(caller.get().org());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an intake key; events sent with it are refused from then on")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return keys.revoke(caller.get().org(), id).replaceWith(Response.noContent().build());
    }
}
