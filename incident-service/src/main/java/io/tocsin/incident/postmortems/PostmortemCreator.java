package io.tocsin.incident.postmortems;

import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.incident.events.IncidentEvents;
import io.tocsin.incident.events.IncidentEvents.EventNote;
import io.tocsin.incident.lifecycle.Incident;
import io.tocsin.incident.lifecycle.IncidentChangeListener;
import io.tocsin.incident.lifecycle.IncidentStatus;
import io.tocsin.incident.lifecycle.SourceKind;
import io.tocsin.incident.links.LinkRepository;
import io.tocsin.incident.timeline.TimelineRepository;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.outbox.OutboxWriter;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the postmortem draft when an incident is resolved, by any path (a PATCH, an
 * {@code external_resolved} command), in the resolution's transaction together with its
 * {@code postmortem.created} event. Only for the severities the organisation enables (default
 * SEV1, SEV2); once per incident (a reopened and resolved-again incident keeps its postmortem).
 * Incidents imported from incident.io get none: they were run, and reviewed, there.
 */
@ApplicationScoped
public class PostmortemCreator implements IncidentChangeListener {

    private final PostmortemRepository postmortems;
    private final TimelineRepository timeline;
    private final LinkRepository links;
    private final IncidentEvents events;
    private final OutboxWriter outbox;

    public PostmortemCreator(PostmortemRepository postmortems, TimelineRepository timeline, LinkRepository links,
            IncidentEvents events, OutboxWriter outbox) {
        this.postmortems = postmortems;
        this.timeline = timeline;
        this.links = links;
        this.events = events;
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> changed(SqlConnection tx, Incident before, Incident after, Instant at) {
        boolean resolvedNow = before.status() != IncidentStatus.RESOLVED && after.status() == IncidentStatus.RESOLVED;
        if (!resolvedNow || after.sourceKind() == SourceKind.INCIDENT_IO) {
            return Uni.createFrom().voidItem();
        }
        return postmortems.settings(tx, after.org())
                .flatMap(settings -> settings.severities().contains(after.severity())
                        ? postmortems.existsFor(tx, after.org(), after.id())
                        : Uni.createFrom().item(true))
                .flatMap(exists -> exists ? Uni.createFrom().voidItem() : create(tx, after, at));
    }

    private Uni<Void> create(SqlConnection tx, Incident incident, Instant at) {
        int max = PostmortemTemplate.MAX_TIMELINE_ENTRIES;
        return timeline.page(tx, incident.org(), incident.id(), 0, max)
                .flatMap(entries -> links.list(tx, incident.org(), incident.id()).flatMap(linked -> {
                    boolean more = entries.size() > max;
                    return more ? timeline.count(tx, incident.org(), incident.id()).map(total -> PostmortemTemplate.render(incident,
                            entries.subList(0, max), total - max, linked))
                            : Uni.createFrom().item(PostmortemTemplate.render(incident, entries, 0, linked));
                }))
                .flatMap(body -> {
                    UUID id = RowIds.next();
                    return postmortems.insert(tx, incident.org(), id, incident.id(), body, at)
                            .flatMap(inserted -> inserted ? outbox.append(tx, List.of(events.of(incident,
                                    new EventNote(IncidentEventType.POSTMORTEM_CREATED, Map.of("postmortem", view(id))), at)))
                                    : Uni.createFrom().voidItem());
                });
    }

    private static Map<String, Object> view(UUID id) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id.toString());
        view.put("status", PostmortemStatus.DRAFT.wire());
        view.put("version", 1);
        return view;
    }
}
