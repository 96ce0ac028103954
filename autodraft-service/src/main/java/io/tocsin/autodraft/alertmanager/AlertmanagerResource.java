package io.tocsin.autodraft.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.signals.SignalReceipt;
import io.tocsin.autodraft.signals.SignalService;
import io.tocsin.platform.security.CurrentCaller;
import io.tocsin.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Prometheus Alertmanager's webhook receiver (format version 4). */
@Path("/api/signals/alertmanager")
@Produces(MediaType.APPLICATION_JSON)
public class AlertmanagerResource {

    private final SignalService signals;
    private final CurrentCaller caller;

    public AlertmanagerResource(SignalService signals, CurrentCaller caller) {
        this.signals = signals;
        this.caller = caller;
    }

    /** What a notification did, one receipt per metric. */
    public record Received(List<SignalReceipt> signals) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RESPONDER)
    @Operation(summary = "Receive an Alertmanager webhook notification (version 4)", description = "Point an"
            + " Alertmanager webhook_config here. Each alert maps to a metric by label tocsin_metric, else alertname"
            + " (slugified); label service binds a new metric to a service; label severity critical|major|minor sets the"
            + " draft's severity. firing → unhealthy, resolved → healthy (a metric is unhealthy while any of its alerts"
            + " fires). Repeated notifications of the same alert are duplicates. A malformed notification is refused"
            + " whole (400) and changes nothing. Authenticated with the internal JWT (role responder) until the gateway"
            + " accepts API keys.")
    public Uni<Received> receive(JsonNode body) {
        String org = caller.get().org();
        return signals.receiveAll(AlertmanagerWebhook.signals(body, org)).map(Received::new);
    }
}
