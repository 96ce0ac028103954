package io.tocsin.incident.postmortems;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.catalogue.CatalogueRepository;
import io.tocsin.incident.catalogue.CatalogueService;
import io.tocsin.incident.lifecycle.IncidentService;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Reads and edits postmortems, their action items and the organisation's postmortem settings. */
@ApplicationScoped
public class PostmortemService {

    private final Pool pool;
    private final PostmortemRepository postmortems;
    private final IncidentService incidents;
    private final CatalogueRepository catalogue;
    private final CatalogueService catalogueService;
    private final Clock clock;

    public PostmortemService(Pool pool, PostmortemRepository postmortems, IncidentService incidents,
            CatalogueRepository catalogue, CatalogueService catalogueService, Clock clock) {
        this.pool = pool;
        this.postmortems = postmortems;
        this.incidents = incidents;
        this.catalogue = catalogue;
        this.catalogueService = catalogueService;
        this.clock = clock;
    }

    // --- postmortems

    /** The postmortem of an incident (by id or reference), with its action items; 404 when there is none. */
    public Uni<PostmortemView> get(String org, String incidentIdOrReference) {
        return incidents.resolveId(org, incidentIdOrReference)
                .flatMap(id -> postmortems.findByIncident(pool, org, id))
                .map(found -> found.orElseThrow(() -> noPostmortem(incidentIdOrReference)))
                .flatMap(p -> postmortems.items(pool, org, p.id()).map(items -> PostmortemView.of(p, items)));
    }

    /**
     * Changes the body and/or status if the caller saw the current version (412 otherwise). Status
     * moves one step forward only (409 otherwise); a published postmortem's body is final (409).
     */
    public Uni<PostmortemView> update(String org, String incidentIdOrReference, long expectedVersion, PostmortemPatch patch) {
        Instant now = now();
        return incidents.resolveId(org, incidentIdOrReference).flatMap(id -> pool.withTransaction(tx ->
                postmortems.lockByIncident(tx, org, id)
                        .map(found -> found.orElseThrow(() -> noPostmortem(incidentIdOrReference)))
                        .flatMap(current -> {
                            Postmortem changed = change(current, expectedVersion, patch, now);
                            return changed == current ? Uni.createFrom().item(current)
                                    : postmortems.update(tx, org, changed).replaceWith(changed);
                        })
                        .flatMap(p -> postmortems.items(tx, org, p.id()).map(items -> PostmortemView.of(p, items)))));
    }

    /** The rules of a postmortem edit; returns {@code current} itself when nothing changes. */
    static Postmortem change(Postmortem current, long expectedVersion, PostmortemPatch patch, Instant now) {
        if (current.version() != expectedVersion) {
            throw new ProblemException(412, "stale-version", "Precondition failed", "the postmortem is at version "
                    + current.version() + ", not " + expectedVersion + "; reload it and apply your change again");
        }
        PostmortemStatus status = current.status();
        if (patch.status() != null && patch.status() != current.status()) {
            if (!current.status().canMoveTo(patch.status())) {
                throw ProblemException.conflict("illegal-transition", "a postmortem moves draft → in_review → published;"
                        + " it cannot move from " + current.status() + " to " + patch.status());
            }
            status = patch.status();
        }
        String body = current.body();
        if (patch.body() != null && !patch.body().equals(current.body())) {
            if (current.status() == PostmortemStatus.PUBLISHED) {
                throw ProblemException.conflict("postmortem-published", "a published postmortem cannot be edited");
            }
            body = patch.body();
        }
        if (status == current.status() && body.equals(current.body())) {
            return current;
        }
        Instant publishedAt = status == PostmortemStatus.PUBLISHED && current.publishedAt() == null ? now : current.publishedAt();
        return new Postmortem(current.id(), current.incidentId(), current.incidentReference(), status, body,
                current.version() + 1, current.createdAt(), now, publishedAt);
    }

    // --- settings

    public Uni<PostmortemSettings> settings(String org) {
        return postmortems.settings(pool, org);
    }

    public Uni<PostmortemSettings> saveSettings(String org, PostmortemSettings settings) {
        PostmortemSettings normal = new PostmortemSettings(List.copyOf(new TreeSet<>(settings.severities())));
        return postmortems.saveSettings(pool, org, normal, now()).replaceWith(normal);
    }

    // --- action items

    public Uni<List<ActionItem>> items(String org, UUID postmortemId) {
        return postmortems.find(pool, org, postmortemId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("postmortem " + postmortemId)))
                .flatMap(p -> postmortems.items(pool, org, postmortemId));
    }

    /** Adds an item; without a team it goes to the teams the incident counts for. */
    public Uni<ActionItem> addItem(Caller caller, UUID postmortemId, ActionItemRequest request) {
        String org = caller.org();
        Instant now = now();
        return pool.withTransaction(tx -> postmortems.find(tx, org, postmortemId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("postmortem " + postmortemId)))
                .flatMap(p -> teamsFor(tx, org, postmortemId, request.teamId(), now).flatMap(teams -> {
                    ActionItem item = new ActionItem(RowIds.next(), postmortemId, p.incidentId(), p.incidentReference(),
                            request.title().strip(), request.ownerId().strip(), request.dueDate(), teams,
                            ActionItemStatus.OPEN, caller.sub(), now, now, null);
                    return postmortems.insertItem(tx, org, item).replaceWith(item);
                })));
    }

    public Uni<ActionItem> updateItem(String org, UUID postmortemId, UUID itemId, ActionItemPatch patch) {
        Instant now = now();
        return pool.withTransaction(tx -> postmortems.lockItem(tx, org, postmortemId, itemId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("action item " + itemId)))
                .flatMap(current -> (patch.teamId() == null ? Uni.createFrom().item(current.teamIds())
                        : catalogueService.checkTeamsExist(tx, org, Set.of(patch.teamId()), "teamId")
                                .replaceWith(List.of(patch.teamId())))
                        .flatMap(teams -> {
                            ActionItem changed = changeItem(current, patch, teams, now);
                            return changed == current ? Uni.createFrom().item(current)
                                    : postmortems.updateItem(tx, org, changed).replaceWith(changed);
                        })));
    }

    static ActionItem changeItem(ActionItem current, ActionItemPatch patch, List<UUID> teams, Instant now) {
        String title = patch.title() == null ? current.title() : patch.title().strip();
        String owner = patch.ownerId() == null ? current.ownerId() : patch.ownerId().strip();
        LocalDate due = patch.dueDate() == null ? current.dueDate() : patch.dueDate();
        ActionItemStatus status = patch.status() == null ? current.status() : patch.status();
        if (title.equals(current.title()) && owner.equals(current.ownerId()) && due.equals(current.dueDate())
                && status == current.status() && Objects.equals(teams, current.teamIds())) {
            return current;
        }
        Instant completedAt = status == ActionItemStatus.DONE
                ? (current.status() == ActionItemStatus.DONE ? current.completedAt() : now) : null;
        return new ActionItem(current.id(), current.postmortemId(), current.incidentId(), current.incidentReference(), title,
                owner, due, teams, status, current.createdBy(), current.createdAt(), now, completedAt);
    }

    /** Items of a team and of every team below it. */
    public Uni<List<ActionItem>> teamItems(String org, UUID teamId, ActionItemStatus status, int limit) {
        return catalogue.team(pool, org, teamId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("team " + teamId)))
                .flatMap(team -> postmortems.teamItems(pool, org, teamId, status, limit));
    }

    private Uni<List<UUID>> teamsFor(SqlConnection tx, String org, UUID postmortemId, UUID teamId, Instant now) {
        if (teamId != null) {
            return catalogueService.checkTeamsExist(tx, org, Set.of(teamId), "teamId").replaceWith(List.of(teamId));
        }
        // The root team is the last resort of attribution: make sure it exists.
        return catalogue.ensureRoot(tx, org, now)
                .flatMap(root -> postmortems.incidentTeams(tx, org, postmortemId))
                .map(teams -> List.copyOf(new LinkedHashSet<>(teams)));
    }

    private static ProblemException noPostmortem(String incident) {
        return ProblemException.notFound("a postmortem of incident " + incident);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
