package io.tocsin.notifier.email;

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

/** The caller's own notification preferences ("me" = the JWT subject, matched to a recipient's userId). */
@Path("/api/notification-preferences/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class PreferencesResource {

    private final RecipientService recipients;
    private final CurrentCaller caller;

    public PreferencesResource(RecipientService recipients, CurrentCaller caller) {
        this.recipients = recipients;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Read my notification preferences", description = "autoIncidentDrafts: whether I get an email for"
            + " each auto-drafted incident (owners registered as recipients; default true).")
    public Uni<Preferences> get() {
        return recipients.preferences(caller.get());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my notification preferences")
    public Uni<Preferences> put(@Valid @NotNull Preferences preferences) {
        return recipients.savePreferences(caller.get(), preferences);
    }
}
