package io.tocsin.notifier.email;

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

/** Email recipients of the organisation, managed by admins. */
@Path("/api/recipients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RecipientResource {

    private final RecipientService recipients;
    private final CurrentCaller caller;

    public RecipientResource(RecipientService recipients, CurrentCaller caller) {
        this.recipients = recipients;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a recipient", description = "{email, name, userId (the person's JWT subject), roles}."
            + " Owners receive an email for every auto-drafted incident unless they turn it off in"
            + " /api/notification-preferences/me. 409 /problems/recipient-exists for a known email or userId.")
    public Uni<Response> register(@Valid @NotNull RecipientRequest request) {
        return recipients.register(caller.get(), request)
                .map(created -> Response.created(URI.create("/api/recipients/" + created.id())).entity(created).build());
    }

    @GET
    @Operation(summary = "List recipients")
    public Uni<List<Recipient>> list() {
        return recipients.list(caller.get().org());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a recipient")
    public Uni<Response> remove(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("recipient " + id);
        }
        return recipients.remove(caller.get().org(), uuid).replaceWith(Response.noContent().build());
    }
}
