package io.tocsin.incident.postmortems;

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

/** Which severities get a postmortem draft on resolution; admins configure it. */
@Path("/api/postmortem-settings")
public class PostmortemSettingsResource {

    private final PostmortemService postmortems;
    private final CurrentCaller caller;

    public PostmortemSettingsResource(PostmortemService postmortems, CurrentCaller caller) {
        this.postmortems = postmortems;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The severities whose resolution creates a postmortem draft (default SEV1 and SEV2)")
    public Uni<PostmortemSettings> get() {
        return postmortems.settings(caller.get().org());
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace the severities that get a postmortem draft; an empty list turns drafts off",
            description = "Applies to resolutions from now on; existing postmortems stay.")
    public Uni<PostmortemSettings> put(@Valid @NotNull PostmortemSettings settings) {
        return postmortems.saveSettings(caller.get().org(), settings);
    }
}
