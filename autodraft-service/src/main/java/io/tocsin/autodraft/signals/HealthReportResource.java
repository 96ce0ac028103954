package io.tocsin.autodraft.signals;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.security.Caller;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A person reports a metric's health by hand; it goes through the same rules as any signal. */
@Path("/api/metrics/{slug}/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthReportResource {

    private final SignalService signals;
    private final CurrentCaller caller;

    public HealthReportResource(SignalService signals, CurrentCaller caller) {
        this.signals = signals;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Report a metric's health (manual status change)", description = "Idempotent by id (generated"
            + " when absent). A report observed before the metric's last transition is stale and changes nothing; a flip"
            + " to unhealthy applies the metric's policy. Answers the outcome: transition, unchanged, stale or duplicate.")
    public Uni<SignalReceipt> report(@PathParam("slug") String slug, @Valid @NotNull HealthReport report) {
        Caller who = caller.get();
        String id = report.id() == null ? RowIds.next().toString() : report.id();
        return signals.report(new Signal(id, who.org(), slug, report.status(), report.value(), null, report.observedAt(), null,
                null, null, SignalSource.MANUAL));
    }
}
