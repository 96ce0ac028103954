package io.tocsin.incident.drafts;

import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.commands.DraftIncident;
import io.tocsin.contracts.commands.ExpireDraft;
import io.tocsin.incident.drafts.ActionToken.Action;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.incident.lifecycle.IncidentRules;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.platform.db.RowIds;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** Carries out draft requests and expiries from autodraft-service (SPEC §4.1, §5.3). */
@ApplicationScoped
public class DraftService {

    private final IncidentService incidentService;
    private final IncidentRepository incidents;
    private final ActionSettings settings;
    private final Clock clock;

    public DraftService(IncidentService incidentService, IncidentRepository incidents, ActionSettings settings, Clock clock) {
        this.incidentService = incidentService;
        this.incidents = incidents;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Appends to the incident open on the metric's services, or creates a draft. Serialised per
     * (org, service) with transaction-scoped advisory locks, taken in a fixed order so that two
     * requests sharing services cannot deadlock: concurrent requests for one service therefore
     * create one draft, and the others append to it.
     */
    public Uni<Incident> request(SqlConnection tx, DraftIncident request) {
        List<String> services = request.services() == null ? List.of() : List.copyOf(new TreeSet<>(request.services()));
        List<String> keys = services.isEmpty() ? List.of("metric:" + request.metric())
                : services.stream().map(s -> "service:" + s).toList();
        return lockAll(tx, request.org(), keys)
                .flatMap(locked -> incidents.lockOpenFor(tx, request.org(), services, request.metric()))
                .flatMap(open -> {
                    Instant now = now();
                    if (open.isPresent()) {
                        Incident incident = open.get();
                        return incidentService.apply(tx, incident, IncidentRules.signalAppended(incident, request, now), now);
                    }
                    UUID id = RowIds.next();
                    return incidentService.nextReference(request.org())
                            .map(reference -> IncidentRules.autoDraft(request, id, reference, now, links(id, now)))
                            .flatMap(change -> incidentService.insert(tx, change));
                });
    }

    /** Dismisses the draft with reason auto_expired, unless someone decided in the meantime. */
    public Uni<Incident> expire(SqlConnection tx, ExpireDraft command) {
        return incidents.lock(tx, command.org(), command.incidentId()).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            Instant now = now();
            return incidentService.apply(tx, found.get(), IncidentRules.expire(found.get(), now), now);
        });
    }

    /** The signed publish and dismiss URLs of a new draft. */
    Map<String, Object> links(UUID incidentId, Instant now) {
        Instant expiresAt = now.plus(settings.lifetime());
        String secret = settings.secrets().get(0);
        String base = settings.publicUrl().replaceAll("/+$", "") + AutoActionResource.PATH + "?token=";
        return Map.of(
                "publishUrl", base + ActionToken.sign(incidentId, Action.PUBLISH, expiresAt, secret),
                "dismissUrl", base + ActionToken.sign(incidentId, Action.DISMISS, expiresAt, secret),
                "linksExpireAt", expiresAt.toString());
    }

    private Uni<Void> lockAll(SqlConnection tx, String org, List<String> keys) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext(k)) FROM unnest($2::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n")
                .execute(Tuple.of(org, keys.toArray(new String[0]))).replaceWithVoid();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
