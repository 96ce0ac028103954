package io.tocsin.incident.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.events.IncidentSnapshot;
import io.tocsin.incident.events.IncidentEvents;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.http.QueryParams;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** The incident API: declare, list, read, change, publish and dismiss. */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final IncidentService incidents;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public IncidentResource(IncidentService incidents, CurrentCaller caller, ObjectMapper json) {
        this.incidents = incidents;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Declare an incident (or create a draft with draft: true)",
            description = "Honours Idempotency-Key for 24 hours. A repeated source.externalId for the same source.kind"
                    + " answers 200 with the existing incident.")
    public Uni<Response> create(@Valid @NotNull CreateIncidentRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1 to 200 characters");
        }
        return incidents.create(caller.get(), request, idempotencyKey).map(result -> {
            Response.ResponseBuilder response = Response.status(result.status()).type(MediaType.APPLICATION_JSON)
                    .entity(result.body());
            IncidentSnapshot snapshot = read(result.body());
            return response.location(URI.create("/api/incidents/" + snapshot.id()))
                    .tag(etag(snapshot.version())).build();
        });
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List incidents, newest first",
            description = "Filters combine with AND; status and severity take several values (repeated or comma-separated)."
                    + " Dismissed incidents are hidden unless includeDismissed=true or status names them.")
    public Uni<Page<IncidentListRow>> list(
            @QueryParam("status") List<String> status,
            @QueryParam("severity") List<String> severity,
            @QueryParam("service") String service,
            @QueryParam("environment") String environment,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("q") String q,
            @QueryParam("includeDismissed") String includeDismissed,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        IncidentQuery query = new IncidentQuery(
                statuses(status), QueryValues.severities(severity), blankToNull(service), blankToNull(environment),
                instant("from", from), instant("to", to), TitleSearch.toTsQuery(q), QueryParams.bool("includeDismissed", includeDismissed),
                cursor == null || cursor.isBlank() ? null : ListCursor.decode(cursor),
                QueryParams.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
        return incidents.list(caller.get().org(), query);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Read an incident by id or by reference (INC-2026-0042); the ETag is its version")
    public Uni<Response> get(@PathParam("id") String id) {
        return incidents.get(caller.get().org(), id).map(this::ok);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Change an incident", description = "Requires If-Match with the version from the ETag;"
            + " a stale version answers 412. Only the fields present change; status moves follow the lifecycle (409 otherwise).")
    @RequestBody(content = @Content(schema = @Schema(implementation = UpdateIncidentRequest.class)))
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode body) {
        Caller who = caller.get();
        UpdateIncidentRequest request = UpdateIncidentRequest.parse(body, json);
        long version = ifMatchVersion(ifMatch);
        return incidents.update(who, id, version, request).map(this::ok);
    }

    @POST
    @Path("/{id}/publish")
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Publish a draft (idempotent)")
    public Uni<Response> publish(@PathParam("id") String id) {
        return incidents.publish(caller.get(), id).map(this::ok);
    }

    @POST
    @Path("/{id}/dismiss")
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Dismiss a draft (idempotent); dismissed incidents are hidden from lists but kept")
    public Uni<Response> dismiss(@PathParam("id") String id) {
        return incidents.dismiss(caller.get(), id).map(this::ok);
    }

    private Response ok(Incident incident) {
        return Response.ok(IncidentEvents.snapshot(incident)).tag(etag(incident.version())).build();
    }

    private static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an incident change was made against ({@link IfMatch}). */
    static long ifMatchVersion(String ifMatch) {
        return IfMatch.version(ifMatch, "incident");
    }

    private IncidentSnapshot read(String body) {
        try {
            return json.readValue(body, IncidentSnapshot.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<IncidentStatus> statuses(List<String> values) {
        Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
        for (String value : QueryValues.split(values)) {
            try {
                statuses.add(IncidentStatus.fromWire(value.toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", e.getMessage());
            }
        }
        return statuses;
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 UTC timestamp, e.g. 2026-03-15T00:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
