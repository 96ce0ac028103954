package io.tocsin.autodraft.catalogue;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.audit.AuditEntry;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.http.QueryParams;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The metric catalogue: read by everyone in the organisation, configured by admins. */
@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final MetricService metrics;
    private final CurrentCaller caller;

    public MetricResource(MetricService metrics, CurrentCaller caller) {
        this.metrics = metrics;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List metrics in slug order", description = "Filters health (healthy|unhealthy|unknown), policy"
            + " (off|immediate|dwell) and service; limit ≤ 500 (default 100), cursor = the previous page's nextCursor.")
    public Uni<Page<MetricView>> list(@QueryParam("health") String health, @QueryParam("policy") String policy,
            @QueryParam("service") String service, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        MetricFilter filter = new MetricFilter(parse("health", health, Health.class), parse("policy", policy, Policy.class),
                service == null || service.isBlank() ? null : service);
        return metrics.list(caller.get().org(), filter, cursor == null || cursor.isBlank() ? null : MetricCursor.decode(cursor),
                QueryParams.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    @GET
    @Path("/{slug}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Read a metric: its auto-draft settings and current health")
    public Uni<MetricView> get(@PathParam("slug") String slug) {
        return metrics.get(caller.get().org(), slug);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a metric", description = "Policy off|immediate|dwell (default off), dwellSeconds 60–3600"
            + " (default 300), severity minor|major|critical (default major). A policy other than off needs a plan that"
            + " includes auto-drafts when tocsin.autodraft.allowed-plans is set (403 /problems/feature-locked otherwise).")
    public Uni<Response> create(@Valid @NotNull NewMetricRequest request) {
        return metrics.create(caller.get(), request)
                .map(metric -> Response.created(URI.create("/api/metrics/" + metric.slug())).entity(metric).build());
    }

    @PUT
    @Path("/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create or replace a metric's configuration",
            description = "201 when created, 200 when replaced; health, lastValue and unhealthySince are read-only.")
    public Uni<Response> replace(@PathParam("slug") @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String slug,
            @Valid @NotNull MetricSettings settings) {
        return metrics.replace(caller.get(), slug, settings)
                .map(result -> Response.status(result.created() ? 201 : 200).entity(result.metric()).build());
    }

    @GET
    @Path("/{slug}/audit")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "A metric's audit log, newest first", description = "Draft requests, drafts, skips (with the"
            + " reason), expiries, publications, dismissals and policy changes; limit ≤ 200 (default 50), cursor.")
    public Uni<Page<AuditEntry>> audit(@PathParam("slug") String slug, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return metrics.audit(caller.get().org(), slug, cursor, QueryParams.integer("limit", limit, 50, 1, 200));
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : "|").append(constant);
            }
            throw ProblemException.invalid(field, "must be one of " + allowed);
        }
    }
}
