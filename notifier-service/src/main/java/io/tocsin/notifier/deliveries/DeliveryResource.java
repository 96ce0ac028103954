package io.tocsin.notifier.deliveries;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.http.QueryParams;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The delivery log of an organisation, for admins: what went where, what failed and why. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DeliveryResource {

    private final DeliveryService deliveries;
    private final CurrentCaller caller;

    public DeliveryResource(DeliveryService deliveries, CurrentCaller caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List deliveries, newest first", description = "Filters status (pending|delivered|failed),"
            + " incident (id) and destination (pagerduty, incident_io, webhook, email, or one destination such as"
            + " webhook:<id>); limit ≤ 200 (default 50), cursor = the previous page's nextCursor.")
    public Uni<Page<DeliveryView>> list(@QueryParam("status") String status, @QueryParam("incident") String incident,
            @QueryParam("destination") String destination, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        DeliveryFilter filter = new DeliveryFilter(status(status), uuid("incident", incident),
                destination == null || destination.isBlank() ? null : destination.strip());
        return deliveries.list(caller.get().org(), filter, cursor, QueryParams.integer("limit", limit, 50, 1, 200));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Send a delivery again now", description = "For a failed delivery, or one waiting for its next"
            + " attempt: it becomes due now with a fresh retry window. 409 /problems/already-delivered when it was"
            + " delivered.")
    public Uni<DeliveryView> retry(@PathParam("id") String id) {
        return deliveries.retry(caller.get().org(), uuid("id", id));
    }

    private static DeliveryStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DeliveryStatus.of(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be one of pending, delivered, failed");
        }
    }

    private static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            if ("id".equals(field)) {
                throw ProblemException.invalid(field, "is required");
            }
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            if ("id".equals(field)) {
                throw ProblemException.notFound("delivery " + value);
            }
            throw ProblemException.invalid(field, "must be a UUID");
        }
    }
}
