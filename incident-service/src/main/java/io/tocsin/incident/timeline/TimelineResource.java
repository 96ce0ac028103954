package io.tocsin.incident.timeline;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.http.QueryParams;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An incident's timeline: oldest first, paginated; people add update, action and resolution entries. */
@Path("/api/incidents/{id}/timeline")
public class TimelineResource {

    private final TimelineService timeline;
    private final CurrentCaller caller;

    public TimelineResource(TimelineService timeline, CurrentCaller caller) {
        this.timeline = timeline;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Timeline entries, oldest first; pass nextCursor as cursor for the next page")
    public Uni<Page<TimelineEntry>> list(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        int size = QueryParams.integer("limit", limit, 100, 1, 500);
        return timeline.page(caller.get().org(), id, position(cursor), size);
    }

    @POST
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Add a manual entry (Markdown) of type update, action or resolution")
    public Uni<Response> add(@PathParam("id") String id, @Valid @NotNull ManualEntryRequest request) {
        return timeline.add(caller.get(), id, request).map(entry -> Response
                .created(URI.create("/api/incidents/" + entry.incidentId() + "/timeline?cursor=" + (entry.position() - 1)))
                .entity(entry).build());
    }

    private static long position(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            long position = Long.parseLong(cursor);
            if (position < 0) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor returned by this API");
        }
    }
}
