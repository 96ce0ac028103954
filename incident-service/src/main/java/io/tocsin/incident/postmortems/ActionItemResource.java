package io.tocsin.incident.postmortems;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** A postmortem's action items: added and updated by responders until they are done. */
@Path("/api/postmortems/{postmortemId}/action-items")
@Produces(MediaType.APPLICATION_JSON)
public class ActionItemResource {

    private final PostmortemService postmortems;
    private final CurrentCaller caller;

    public ActionItemResource(PostmortemService postmortems, CurrentCaller caller) {
        this.postmortems = postmortems;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The action items of a postmortem, oldest first")
    public Uni<List<ActionItem>> list(@PathParam("postmortemId") UUID postmortemId) {
        return postmortems.items(caller.get().org(), postmortemId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Add an action item {title, ownerId, dueDate, teamId?}",
            description = "Without teamId the item belongs to the teams the incident counts for (team attribution).")
    public Uni<Response> add(@PathParam("postmortemId") UUID postmortemId, @Valid @NotNull ActionItemRequest request) {
        return postmortems.addItem(caller.get(), postmortemId, request).map(item -> Response
                .created(URI.create("/api/postmortems/" + postmortemId + "/action-items/" + item.id())).entity(item).build());
    }

    @PATCH
    @Path("/{itemId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Change an action item: status (open|done), title, ownerId, dueDate, teamId")
    public Uni<ActionItem> update(@PathParam("postmortemId") UUID postmortemId, @PathParam("itemId") UUID itemId,
            @Valid @NotNull ActionItemPatch patch) {
        return postmortems.updateItem(caller.get().org(), postmortemId, itemId, patch);
    }
}
