package io.tocsin.incident.links;

import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.incident.events.IncidentEvents;
import io.tocsin.incident.events.IncidentEvents.EventNote;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.incident.timeline.EntryKind;
import io.tocsin.incident.timeline.TimelineNote;
import io.tocsin.incident.timeline.TimelineRepository;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxWriter;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Links an incident to alerts, error groups, traces and deploys; each change is on the timeline. */
@ApplicationScoped
public class LinkService {

    private final Pool pool;
    private final IncidentService incidentService;
    private final IncidentRepository incidents;
    private final LinkRepository links;
    private final TimelineRepository timeline;
    private final IncidentEvents events;
    private final OutboxWriter outbox;
    private final Clock clock;

    public LinkService(Pool pool, IncidentService incidentService, IncidentRepository incidents, LinkRepository links,
            TimelineRepository timeline, IncidentEvents events, OutboxWriter outbox, Clock clock) {
        this.pool = pool;
        this.incidentService = incidentService;
        this.incidents = incidents;
        this.links = links;
        this.timeline = timeline;
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<List<Link>> list(String org, String idOrReference) {
        return incidentService.get(org, idOrReference).flatMap(incident -> links.list(pool, org, incident.id()));
    }

    public Uni<Link> add(Caller caller, String idOrReference, LinkRequest request) {
        Instant now = now();
        return incidentService.resolveId(caller.org(), idOrReference).flatMap(id -> pool.withTransaction(tx -> locked(tx, caller.org(), id, idOrReference)
                .flatMap(incident -> {
                    Link link = new Link(RowIds.next(), id, request.type(), request.targetId().strip(), request.url(),
                            request.title(), caller.sub(), now);
                    return links.insert(tx, caller.org(), link).flatMap(inserted -> {
                        if (inserted.isEmpty()) {
                            return links.find(tx, caller.org(), id, link.type(), link.targetId()).map(existing -> {
                                throw ProblemException.conflict("link-exists", "this incident already links " + link.type()
                                        + " " + link.targetId() + " (link " + existing.map(Link::id).orElse(null) + ")");
                            });
                        }
                        String message = "Linked " + describe(link) + " (by " + caller.sub() + ").";
                        return record(tx, incident, EntryKind.LINK_ADDED, message, caller.sub(), link,
                                new EventNote(IncidentEventType.LINK_ADDED, Map.of("link", view(link))), now)
                                .replaceWith(link);
                    });
                })));
    }

    public Uni<Void> remove(Caller caller, String idOrReference, UUID linkId) {
        Instant now = now();
        return incidentService.resolveId(caller.org(), idOrReference).flatMap(id -> pool.withTransaction(tx -> locked(tx, caller.org(), id, idOrReference)
                .flatMap(incident -> links.delete(tx, caller.org(), id, linkId).flatMap(deleted -> {
                    Link link = deleted.orElseThrow(() -> ProblemException.notFound("link " + linkId));
                    String message = "Unlinked " + describe(link) + " (by " + caller.sub() + ").";
                    return record(tx, incident, EntryKind.LINK_REMOVED, message, caller.sub(), link,
                            new EventNote(IncidentEventType.UPDATED, Map.of("fields", List.of("links"), "linkRemoved", view(link))), now);
                }))));
    }

    private Uni<Incident> locked(SqlConnection tx, String org, UUID id, String idOrReference) {
        return incidents.touch(tx, org, id, now())
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("incident " + idOrReference)))
                .invoke(incident -> {
                    if (incident.status() == io.tocsin.incident.lifecycle.IncidentStatus.DISMISSED) {
                        throw ProblemException.conflict("dismissed", "dismissed incidents are final: their links cannot change");
                    }
                });
    }

    private Uni<Void> record(SqlConnection tx, Incident incident, EntryKind kind, String message, String actor, Link link,
            EventNote event, Instant now) {
        TimelineNote note = TimelineNote.auto(kind, message, actor, Map.of("link", view(link)));
        return timeline.append(tx, incident.org(), incident.id(), now, List.of(note))
                .flatMap(entries -> outbox.append(tx, List.of(events.of(incident, event, now))));
    }

    private static String describe(Link link) {
        String name = link.title() != null ? link.title() + " (" + link.targetId() + ")" : link.targetId();
        return link.type().wire().replace('_', ' ') + " " + (link.url() != null ? "[" + name + "](" + link.url() + ")" : name);
    }

    private static Map<String, Object> view(Link link) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", link.id().toString());
        view.put("type", link.type().wire());
        view.put("targetId", link.targetId());
        view.put("url", link.url());
        view.put("title", link.title());
        return view;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
