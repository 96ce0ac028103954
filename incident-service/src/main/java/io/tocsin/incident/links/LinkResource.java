package io.tocsin.incident.links;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.security.CurrentCaller;
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

/** An incident's links. */
@Path("/api/incidents/{id}/links")
public class LinkResource {

    private final LinkService links;
    private final CurrentCaller caller;

    public LinkResource(LinkService links, CurrentCaller caller) {
        this.links = links;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Link>> list(@PathParam("id") String id) {
        return links.list(caller.get().org(), id);
    }

    @POST
    @RolesAllowed(Roles.RESPONDER)
    public Uni<Response> add(@PathParam("id") String id, @Valid @NotNull LinkRequest request) {
        return links.add(caller.get(), id, request).map(link -> Response
                .created(URI.create("/api/incidents/" + link.incidentId() + "/links/" + link.id())).entity(link).build());
    }

    @DELETE
    @Path("/{linkId}")
    @RolesAllowed(Roles.RESPONDER)
    public Uni<Response> remove(@PathParam("id") String id, @PathParam("linkId") UUID linkId) {
        return links.remove(caller.get(), id, linkId).replaceWith(Response.noContent().build());
    }
}
