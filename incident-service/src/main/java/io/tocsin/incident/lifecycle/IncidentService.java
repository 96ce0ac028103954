package io.tocsin.incident.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tocsin.incident.catalogue.CatalogueRepository;
import io.tocsin.incident.catalogue.CatalogueService;
import io.tocsin.incident.events.IncidentEvents;
import io.tocsin.incident.lifecycle.IdempotencyStore.StoredResponse;
import io.tocsin.incident.lifecycle.IncidentRules.Change;
import io.tocsin.incident.timeline.TimelineRepository;
import io.tocsin.platform.db.AfterCommit;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.http.Page;
import io.tocsin.platform.outbox.OutboxWriter;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Creates and changes incidents. Each change is one transaction that writes the incident, its
 * timeline entries and its events (into the outbox), so either all of it happens or none.
 */
@ApplicationScoped
public class IncidentService {

    private final Pool pool;
    private final IncidentRepository incidents;
    private final ReferenceAllocator references;
    private final TimelineRepository timeline;
    private final CatalogueRepository catalogue;
    private final CatalogueService catalogueService;
    private final IdempotencyStore idempotency;
    private final IncidentEvents events;
    private final OutboxWriter outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final List<IncidentChangeListener> listeners;

    public IncidentService(Pool pool, IncidentRepository incidents, ReferenceAllocator references, TimelineRepository timeline,
            CatalogueRepository catalogue, CatalogueService catalogueService, IdempotencyStore idempotency,
            IncidentEvents events, OutboxWriter outbox, ObjectMapper json, Clock clock, MeterRegistry metrics,
            Instance<IncidentChangeListener> listeners) {
        this.pool = pool;
        this.incidents = incidents;
        this.references = references;
        this.timeline = timeline;
        this.catalogue = catalogue;
        this.catalogueService = catalogueService;
        this.idempotency = idempotency;
        this.events = events;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.listeners = listeners.stream().toList();
    }

    /** The answer to a create: 201 with the new incident, 200 with an existing one, or a replay. */
    public record CreateResult(int status, String body, UUID incidentId) {
    }

    public Uni<CreateResult> create(Caller caller, CreateIncidentRequest request, String idempotencyKey) {
        if (request.customFields() != null) {
            List<io.tocsin.platform.problem.FieldError> errors = new java.util.ArrayList<>();
            IncidentRules.checkCustomFields(request.customFields(), errors);
            if (!errors.isEmpty()) {
                throw new ProblemException(400, "validation", "Invalid request", errors.get(0).message(), errors);
            }
        }
        Instant now = now();
        String hash = idempotencyKey == null ? null : hash(request);
        return pool.withTransaction(tx -> {
            Uni<Optional<StoredResponse>> claimed = idempotencyKey == null
                    ? Uni.createFrom().item(Optional.empty())
                    : idempotency.claim(tx, caller.org(), idempotencyKey, hash, now);
            return claimed.flatMap(replay -> replay.isPresent()
                    ? Uni.createFrom().item(new CreateResult(replay.get().status(), replay.get().body(), null))
                    : createOrFindExisting(tx, caller, request, now).flatMap(result -> idempotencyKey == null
                            ? Uni.createFrom().item(result)
                            : idempotency.complete(tx, caller.org(), idempotencyKey,
                                    new StoredResponse(result.status(), result.body())).replaceWith(result)));
        }).onFailure(IncidentService::isDuplicateExternalId)
                .recoverWithUni(e -> findBySource(caller.org(), request).map(existing -> new CreateResult(200, write(existing), existing.id())));
    }

    private Uni<CreateResult> createOrFindExisting(SqlConnection tx, Caller caller, CreateIncidentRequest request, Instant now) {
        Uni<Optional<Incident>> existing = request.source() == null || request.source().externalId() == null
                ? Uni.createFrom().item(Optional.empty())
                : incidents.findBySource(tx, caller.org(), request.source().kind(), request.source().externalId());
        return existing.flatMap(found -> found.isPresent()
                ? Uni.createFrom().item(new CreateResult(200, write(found.get()), found.get().id()))
                : insertNew(tx, caller, request, now));
    }

    private Uni<CreateResult> insertNew(SqlConnection tx, Caller caller, CreateIncidentRequest request, Instant now) {
        List<UUID> owners = request.owners() == null ? List.of() : request.owners();
        List<String> services = request.services() == null ? List.of() : request.services();
        boolean draft = Boolean.TRUE.equals(request.draft());
        return catalogueService.checkTeamsExist(tx, caller.org(), owners, "owners")
                .flatMap(ok -> draft || request.commanderId() != null
                        ? Uni.createFrom().<String>nullItem()
                        : catalogue.onCallFor(tx, caller.org(), services))
                .flatMap(onCall -> references.next(caller.org(), now.atZone(ZoneOffset.UTC).getYear())
                        .map(reference -> IncidentRules.create(request, RowIds.next(), caller.org(), reference,
                                caller.sub(), now, onCall)))
                .flatMap(change -> incidents.insert(tx, change.after()).flatMap(v -> record(tx, change, now)))
                .map(incident -> {
                    AfterCommit.run(tx, () -> metrics.counter("tocsin.incidents.created", "severity", incident.severity().name(),
                            "status", incident.status().wire()).increment());
                    return new CreateResult(201, write(incident), incident.id());
                });
    }

    public Uni<Incident> get(String org, String idOrReference) {
        Optional<UUID> id = parseId(idOrReference);
        Uni<Optional<Incident>> found = id.isPresent()
                ? incidents.findById(pool, org, id.get())
                : incidents.findByReference(pool, org, idOrReference.toUpperCase(java.util.Locale.ROOT));
        return found.map(incident -> incident.orElseThrow(() -> notFound(idOrReference)));
    }

    public Uni<Page<IncidentListRow>> list(String org, IncidentQuery query) {
        Instant now = now();
        return incidents.list(pool, org, query).map(rows -> {
            boolean more = rows.size() > query.limit();
            List<Incident> page = more ? rows.subList(0, query.limit()) : rows;
            String next = more ? new ListCursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).id()).encode() : null;
            return new Page<>(page.stream().map(i -> IncidentListRow.of(i, now)).toList(), next);
        });
    }

    /** Applies a patch if the caller saw the current version; 412 otherwise. */
    public Uni<Incident> update(Caller caller, String idOrReference, long expectedVersion, UpdateIncidentRequest request) {
        return change(caller.org(), idOrReference, (tx, current) -> {
            if (current.version() != expectedVersion) {
                throw new ProblemException(412, "stale-version", "Precondition failed", "the incident is at version "
                        + current.version() + ", not " + expectedVersion + "; reload it and apply your change again");
            }
            return Uni.createFrom().item(IncidentRules.update(current, request, caller.sub(), now()));
        }, request.has("owners") ? request.owners() : List.of());
    }

    public Uni<Incident> publish(Caller caller, String idOrReference) {
        return change(caller.org(), idOrReference, (tx, current) -> current.status() != IncidentStatus.DRAFT || current.commanderId() != null
                ? Uni.createFrom().item(IncidentRules.publish(current, caller.sub(), now(), null))
                : catalogue.onCallFor(tx, caller.org(), current.services())
                        .map(onCall -> IncidentRules.publish(current, caller.sub(), now(), onCall)), List.of());
    }

    public Uni<Incident> dismiss(Caller caller, String idOrReference) {
        return change(caller.org(), idOrReference,
                (tx, current) -> Uni.createFrom().item(IncidentRules.dismiss(current, caller.sub(), now())), List.of());
    }

    /** Locks the incident, computes the change, checks referenced teams, and writes it with its timeline and events. */
    private Uni<Incident> change(String org, String idOrReference, BiFunction<SqlConnection, Incident, Uni<Change>> rule,
            List<UUID> ownersToCheck) {
        return resolveId(org, idOrReference).flatMap(id -> pool.withTransaction(tx -> incidents.lock(tx, org, id)
                .map(found -> found.orElseThrow(() -> notFound(idOrReference)))
                .flatMap(current -> rule.apply(tx, current)
                        .call(change -> change.isEmpty() ? Uni.createFrom().voidItem()
                                : catalogueService.checkTeamsExist(tx, org, ownersToCheck, "owners"))
                        .flatMap(change -> apply(tx, current, change, change.after().updatedAt())))));
    }

    /** Inserts a new incident with its timeline entries and events, in the caller's transaction. */
    public Uni<Incident> insert(SqlConnection tx, Change change) {
        return incidents.insert(tx, change.after()).flatMap(v -> record(tx, change, change.after().updatedAt()));
    }

    /**
     * Writes a change to an incident locked by the caller's transaction (nothing when the change is
     * empty), then lets the {@link IncidentChangeListener}s act in the same transaction.
     */
    public Uni<Incident> apply(SqlConnection tx, Incident current, Change change, Instant at) {
        if (change.isEmpty()) {
            return Uni.createFrom().item(current);
        }
        return incidents.update(tx, change.after(), current.version())
                .flatMap(v -> record(tx, change, at))
                .call(after -> notifyListeners(tx, current, after, at));
    }

    private Uni<Void> notifyListeners(SqlConnection tx, Incident before, Incident after, Instant at) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (IncidentChangeListener listener : listeners) {
            chain = chain.call(() -> listener.changed(tx, before, after, at));
        }
        return chain;
    }

    /** The next reference for the organisation in the current year, taken outside any transaction ({@link ReferenceAllocator}). */
    public Uni<String> nextReference(String org) {
        return references.next(org, now().atZone(ZoneOffset.UTC).getYear());
    }

    /** Writes the timeline entries and the events of a change. */
    private Uni<Incident> record(SqlConnection tx, Change change, Instant at) {
        Incident after = change.after();
        return timeline.append(tx, after.org(), after.id(), at, change.notes())
                .flatMap(entries -> outbox.append(tx, events.of(after, change.events(), at)))
                .replaceWith(after);
    }

    /** Turns a path segment (id or reference) into the incident id, or 404. */
    public Uni<UUID> resolveId(String org, String idOrReference) {
        Optional<UUID> id = parseId(idOrReference);
        if (id.isPresent()) {
            return Uni.createFrom().item(id.get());
        }
        return get(org, idOrReference).map(Incident::id);
    }

    private Uni<Incident> findBySource(String org, CreateIncidentRequest request) {
        return incidents.findBySource(pool, org, request.source().kind(), request.source().externalId())
                .map(found -> found.orElseThrow(() -> new IllegalStateException("duplicate external id vanished")));
    }

    private static boolean isDuplicateExternalId(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState())
                && "incidents_source_external_id".equals(pg.getConstraint());
    }

    private static Optional<UUID> parseId(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static ProblemException notFound(String idOrReference) {
        return new ProblemException(404, "not-found", "Not found", "incident " + idOrReference + " does not exist");
    }

    private String write(Incident incident) {
        try {
            return json.writeValueAsString(IncidentEvents.snapshot(incident));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(CreateIncidentRequest request) {
        try {
            // Same meaning, same hash: draft false and absent are one request, map keys are sorted.
            CreateIncidentRequest normal = Boolean.FALSE.equals(request.draft()) ? new CreateIncidentRequest(request.title(),
                    request.description(), request.severity(), request.environment(), request.services(), request.owners(),
                    request.commanderId(), request.source(), request.customFields(), request.impactStartedAt(),
                    request.detectedAt(), null) : request;
            byte[] canonical = json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(normal).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
