package io.tocsin.incident.attribution;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The team mapping of imported incidents' custom fields, configured by admins. */
@Path("/api/team-mappings")
public class TeamMappingResource {

    private final TeamMappingService mappings;
    private final CurrentCaller caller;

    public TeamMappingResource(TeamMappingService mappings, CurrentCaller caller) {
        this.mappings = mappings;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The custom field of imported incidents that names teams, and the team of each value",
            description = "An organisation without a mapping answers {field: null, values: {}}.")
    public Uni<TeamMapping> get() {
        return mappings.get(caller.get().org());
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace the team mapping",
            description = "values maps each value of the field (exact match) to a team id of this organisation."
                    + " An imported incident whose field (a string or an array of strings) holds mapped values counts"
                    + " for those teams; with no mapped value it falls back to owners, then service owners, then the root team.")
    public Uni<TeamMapping> put(@Valid @NotNull TeamMappingRequest request) {
        return mappings.put(caller.get().org(), request);
    }
}
