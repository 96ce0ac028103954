package io.tocsin.incident.catalogue;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.lifecycle.Fields;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Teams and services: read by everyone in the organisation, changed by admins. */
@Path("/api")
public class CatalogueResource {

    private final CatalogueService catalogue;
    private final CurrentCaller caller;

    public CatalogueResource(CatalogueService catalogue, CurrentCaller caller) {
        this.catalogue = catalogue;
        this.caller = caller;
    }

    @GET
    @Path("/teams")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Team>> teams() {
        return catalogue.teams(caller.get().org());
    }

    @POST
    @Path("/teams")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> createTeam(@Valid @NotNull TeamRequest request) {
        return catalogue.createTeam(caller.get().org(), request)
                .map(team -> Response.created(URI.create("/api/teams/" + team.id())).entity(team).build());
    }

    @PATCH
    @Path("/teams/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Team> updateTeam(@PathParam("id") UUID id, @Valid @NotNull TeamRequest request) {
        return catalogue.updateTeam(caller.get().org(), id, request);
    }

    @GET
    @Path("/services")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<ServiceEntry>> services() {
        return catalogue.services(caller.get().org());
    }

    @GET
    @Path("/services/{slug}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ServiceEntry> service(@PathParam("slug") String slug) {
        return catalogue.service(caller.get().org(), slug);
    }

    @PUT
    @Path("/services/{slug}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> putService(
            @PathParam("slug") @Pattern(regexp = Fields.SLUG, message = Fields.SLUG_MESSAGE) String slug,
            @Valid @NotNull ServiceRequest request) {
        String org = caller.get().org();
        return catalogue.putService(org, slug, request)
                .flatMap(created -> catalogue.service(org, slug)
                        .map(service -> Response.status(created ? 201 : 200).entity(service).build()));
    }
}
