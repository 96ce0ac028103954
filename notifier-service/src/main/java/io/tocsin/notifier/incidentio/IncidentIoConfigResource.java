package io.tocsin.notifier.incidentio;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The organisation's incident.io integration, configured by admins. */
@Path("/api/integrations/incident-io")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class IncidentIoConfigResource {

    private final IncidentIoConfigs configs;
    private final CurrentCaller caller;

    public IncidentIoConfigResource(IncidentIoConfigs configs, CurrentCaller caller) {
        this.configs = configs;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Read the incident.io configuration", description = "Effective values (stored, else the"
            + " INCIDENT_IO_* environment); the API token shows only its last 4 characters.")
    public Uni<IncidentIoConfigView> get() {
        return configs.view(caller.get().org());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Configure incident.io", description = "apiToken (kept when left out, cleared by \"\"),"
            + " incidentTypeId (else incident.io's default), severityId (else the severity named Critical),"
            + " resolvedStatusName (enables resolving), notifyChannel, enabled. SEV1/SEV2 published incidents are created"
            + " in incident.io.")
    public Uni<IncidentIoConfigView> put(@Valid @NotNull IncidentIoConfigRequest request) {
        return configs.replace(caller.get(), request);
    }
}
