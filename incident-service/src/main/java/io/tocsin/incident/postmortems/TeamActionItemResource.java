package io.tocsin.incident.postmortems;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.http.QueryParams;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Action items per team, including the teams below it: what a team still owes after its incidents. */
@Path("/api/teams/{teamId}/action-items")
@Produces(MediaType.APPLICATION_JSON)
public class TeamActionItemResource {

    private final PostmortemService postmortems;
    private final CurrentCaller caller;

    public TeamActionItemResource(PostmortemService postmortems, CurrentCaller caller) {
        this.postmortems = postmortems;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Action items of a team and its child teams, soonest due first",
            description = "status=open|done filters (default: both); limit ≤ 500 (default 200).")
    public Uni<List<ActionItem>> list(@PathParam("teamId") UUID teamId, @QueryParam("status") String status,
            @QueryParam("limit") String limit) {
        return postmortems.teamItems(caller.get().org(), teamId, status(status),
                QueryParams.integer("limit", limit, 200, 1, 500));
    }

    private static ActionItemStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ActionItemStatus.fromWire(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", e.getMessage());
        }
    }
}
