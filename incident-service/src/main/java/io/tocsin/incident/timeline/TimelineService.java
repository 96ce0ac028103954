package io.tocsin.incident.timeline;

import io.smallrye.mutiny.Uni;
import io.tocsin.contracts.events.IncidentEventType;
import io.tocsin.incident.events.IncidentEvents;
import io.tocsin.incident.events.IncidentEvents.EventNote;
import io.tocsin.incident.lifecycle.IncidentRepository;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.incident.lifecycle.IncidentStatus;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.outbox.OutboxWriter;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads timelines and adds the entries people write. */
@ApplicationScoped
public class TimelineService {

    private final Pool pool;
    private final IncidentService incidentService;
    private final IncidentRepository incidents;
    private final TimelineRepository timeline;
    private final IncidentEvents events;
    private final OutboxWriter outbox;
    private final Clock clock;

    public TimelineService(Pool pool, IncidentService incidentService, IncidentRepository incidents,
            TimelineRepository timeline, IncidentEvents events, OutboxWriter outbox, Clock clock) {
        this.pool = pool;
        this.incidentService = incidentService;
        this.incidents = incidents;
        this.timeline = timeline;
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<Page<TimelineEntry>> page(String org, String idOrReference, long afterPosition, int limit) {
        return incidentService.resolveId(org, idOrReference)
                .flatMap(id -> incidents.findById(pool, org, id))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("incident " + idOrReference)))
                .flatMap(incident -> timeline.page(pool, org, incident.id(), afterPosition, limit))
                .map(entries -> {
                    boolean more = entries.size() > limit;
                    List<TimelineEntry> items = more ? entries.subList(0, limit) : entries;
                    return new Page<>(items, more ? Long.toString(items.get(items.size() - 1).position()) : null);
                });
    }

    public Uni<TimelineEntry> add(Caller caller, String idOrReference, ManualEntryRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return incidentService.resolveId(caller.org(), idOrReference)
                .flatMap(id -> pool.withTransaction(tx -> incidents.touch(tx, caller.org(), id, now)
                        .map(found -> found.orElseThrow(() -> ProblemException.notFound("incident " + idOrReference)))
                        .flatMap(incident -> {
                            if (incident.status() == IncidentStatus.DISMISSED) {
                                throw ProblemException.conflict("dismissed", "dismissed incidents take no timeline entries");
                            }
                            TimelineNote note = new TimelineNote(EntryKind.MANUAL, request.type(), request.message(),
                                    caller.sub(), Map.of());
                            return timeline.append(tx, caller.org(), id, now, List.of(note))
                                    .map(entries -> entries.get(0))
                                    .flatMap(entry -> outbox.append(tx, List.of(events.of(incident,
                                            new EventNote(IncidentEventType.TIMELINE_ENTRY_ADDED, entryChange(entry)), now)))
                                            .replaceWith(entry));
                        })));
    }

    private static Map<String, Object> entryChange(TimelineEntry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", entry.id().toString());
        data.put("kind", entry.kind().wire());
        data.put("type", entry.type() == null ? null : entry.type().wire());
        data.put("message", entry.message());
        data.put("authorId", entry.authorId());
        data.put("occurredAt", entry.occurredAt().toString());
        return Map.of("entry", data);
    }
}
