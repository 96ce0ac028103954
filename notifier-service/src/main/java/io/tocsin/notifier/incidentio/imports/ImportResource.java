package io.tocsin.notifier.incidentio.imports;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The organisation's import of incident.io incidents (for analytics), run by admins. */
@Path("/api/integrations/incident-io/import")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ImportResource {

    private final ImportService imports;
    private final CurrentCaller caller;

    public ImportResource(ImportService imports, CurrentCaller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Read the incident.io import", description = "Whether it runs on its schedule, its state (idle,"
            + " running, retrying, failed, completed), the cursor and counts of the current pass, when it runs next, and why"
            + " the last attempt failed.")
    public Uni<ImportView> get() {
        return imports.view(caller.get().org());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Schedule the incident.io import", description = "enabled: true runs a pass now and then every"
            + " INCIDENT_IO_IMPORT_INTERVAL; false stops scheduling (a pass in progress stops after its current page and"
            + " resumes from there when turned on again). Uses the API token of /api/integrations/incident-io.")
    public Uni<ImportView> put(@Valid @NotNull ImportRequest request) {
        return imports.schedule(caller.get(), request.enabled());
    }

    @POST
    @Operation(summary = "Run the incident.io import now", description = "Pages through incident.io's incidents and sends"
            + " an import_incident command for each new or changed one. A pass in progress or waiting to retry goes on from"
            + " its cursor; fromStart=true starts over (409 while a replica is reading pages). Answers 202 with the state.")
    public Uni<Response> run(@QueryParam("fromStart") boolean fromStart) {
        return imports.runNow(caller.get(), fromStart).map(view -> Response.accepted(view).build());
    }
}
