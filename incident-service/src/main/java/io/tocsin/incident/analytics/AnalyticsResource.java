package io.tocsin.incident.analytics;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.lifecycle.QueryValues;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** MTTD, MTTA, MTTR, frequency and top services of an organisation's incidents (SPEC §4.2). */
@Path("/api/analytics/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    /** Without from/to, the last 90 days. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
    /** A window longer than this is refused, so that one request stays bounded. */
    static final Duration MAX_WINDOW = Duration.ofDays(5 * 366);

    private final AnalyticsService analytics;
    private final CurrentCaller caller;
    private final Clock clock;

    public AnalyticsResource(AnalyticsService analytics, CurrentCaller caller, Clock clock) {
        this.analytics = analytics;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Incident analytics: count, frequency per bucket by severity, top services, MTTD, MTTA, MTTR,"
            + " share acknowledged within the response target",
            description = "Counts incidents declared in [from, to) (default: the last 90 days; at most 5 years), drafts and"
                    + " dismissed incidents excluded. Filters: team (that team and the teams below it, by attribution:"
                    + " mapped custom field of imports, else owners, else owners of the affected services, else the root"
                    + " team), service, severity (repeatable or comma-separated), environment. bucket=week (ISO weeks from"
                    + " Monday 00:00 UTC, the default) or month. MTTD = impact start → declared, MTTA = declared →"
                    + " acknowledged, MTTR = declared → resolved: mean, p50 and p90 in seconds (percentile_cont);"
                    + " incidents lacking a timestamp are reported per metric (count and ids).")
    public Uni<IncidentAnalytics> incidents(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("team") String team,
            @QueryParam("service") String service,
            @QueryParam("severity") List<String> severity,
            @QueryParam("environment") String environment,
            @QueryParam("bucket") String bucket) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant end = instant("to", to, now);
        Instant start = instant("from", from, end.minus(DEFAULT_WINDOW));
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.invalid("from", "the window from..to must not exceed 5 years");
        }
        AnalyticsQuery query = new AnalyticsQuery(caller.get().org(), start, end, teamId(team), blankToNull(service),
                QueryValues.severities(severity), blankToNull(environment), bucket(bucket), now);
        return analytics.incidents(query);
    }

    private static Instant instant(String field, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.trim()).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 UTC timestamp, e.g. 2026-01-01T00:00:00Z");
        }
    }

    private static UUID teamId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("team", "must be a team id (UUID)");
        }
    }

    private static Bucket bucket(String value) {
        if (value == null || value.isBlank()) {
            return Bucket.WEEK;
        }
        try {
            return Bucket.fromWire(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("bucket", e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
