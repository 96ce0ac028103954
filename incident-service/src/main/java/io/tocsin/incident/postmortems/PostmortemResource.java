package io.tocsin.incident.postmortems;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.lifecycle.IfMatch;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An incident's postmortem: read by everyone, edited by responders with {@code If-Match}. */
@Path("/api/incidents/{id}/postmortem")
@Produces(MediaType.APPLICATION_JSON)
public class PostmortemResource {

    private final PostmortemService postmortems;
    private final CurrentCaller caller;

    public PostmortemResource(PostmortemService postmortems, CurrentCaller caller) {
        this.postmortems = postmortems;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The postmortem of an incident (by id or reference) with its action items; the ETag is its version",
            description = "Created when the incident is resolved, for the severities the organisation enables"
                    + " (GET|PUT /api/postmortem-settings, default SEV1 and SEV2). 404 when the incident has none.")
    public Uni<Response> get(@PathParam("id") String id) {
        return postmortems.get(caller.get().org(), id).map(PostmortemResource::ok);
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Edit the Markdown body and/or move the status (draft → in_review → published)",
            description = "Requires If-Match with the version from the ETag (412 when stale, 428 when missing). Any other"
                    + " status move, and editing a published postmortem's body, answer 409.")
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull PostmortemPatch patch) {
        long version = IfMatch.version(ifMatch, "postmortem");
        return postmortems.update(caller.get().org(), id, version, patch).map(PostmortemResource::ok);
    }

    private static Response ok(PostmortemView view) {
        return Response.ok(view).tag(new EntityTag(Long.toString(view.version()))).build();
    }
}
