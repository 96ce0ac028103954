package io.tocsin.notifier.pagerduty;

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

/** The organisation's PagerDuty integration, configured by admins; secrets are never shown in full. */
@Path("/api/integrations/pagerduty")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class PagerDutyConfigResource {

    private final PagerDutyConfigs configs;
    private final CurrentCaller caller;

    public PagerDutyConfigResource(PagerDutyConfigs configs, CurrentCaller caller) {
        this.configs = configs;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Read the PagerDuty configuration", description = "Effective values: what was stored, else the"
            + " environment (PAGERDUTY_SERVICE_KEY, PAGERDUTY_ROUTING_RULES, PAGERDUTY_API_TOKEN). Keys, tokens and"
            + " webhook secrets show only their last 4 characters.")
    public Uni<PagerDutyConfigView> get() {
        return configs.view(caller.get().org());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Configure PagerDuty", description = "routingRules [{service_pattern, service_key}] (first match on"
            + " any of the incident's services wins, * matches all), serviceKey (when no rule matches), minimumSeverity"
            + " (SEV1..SEV4, default SEV2), webhookSecrets (several, for rotation: any verifies), apiToken, enabled."
            + " Secret fields left out keep their stored value; an empty string or list clears them. Stored encrypted.")
    public Uni<PagerDutyConfigView> put(@Valid @NotNull PagerDutyConfigRequest request) {
        return configs.replace(caller.get(), request);
    }
}
