package io.tocsin.gateway.apikeys;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tocsin.gateway.identity.CallerIdentities;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** API keys of the caller's organisation, managed by its admins. */
@Path("/api/api-keys")
@RolesAllowed(Roles.ADMIN)
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    public ApiKeyResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Create a key (shown only in this answer); its roles cannot exceed yours. Clients send"
            + " it as 'Authorization: Bearer tsk_…'.")
    public Uni<Response> create(@Valid @NotNull CreateApiKeyRequest request) {
        return keys.create(CallerIdentities.require(identity), request)
                .map(created -> Response.created(URI.create("/api/api-keys/" + created.id())).entity(created).build());
    }

    @GET
    @Operation(summary = "The organisation's keys, newest first (revoked ones included); never the key or its hash")
    public Uni<List<ApiKeyView>> list() {
        return keys.list(CallerIdentities.require(identity).org());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a key: it stops working at once")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return keys.revoke(CallerIdentities.require(identity).org(), id).replaceWith(Response.noContent().build());
    }
}
