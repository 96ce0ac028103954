package io.tocsin.incident.catalogue;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.problem.FieldError;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Teams (a tree under the organisation's root team) and the service catalogue. */
@ApplicationScoped
public class CatalogueService {

    private final Pool pool;
    private final CatalogueRepository repository;
    private final Clock clock;

    public CatalogueService(Pool pool, CatalogueRepository repository, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.clock = clock;
    }

    public Uni<List<Team>> teams(String org) {
        return repository.ensureRoot(pool, org, now()).flatMap(root -> repository.teams(pool, org));
    }

    public Uni<Team> createTeam(String org, TeamRequest req) {
        Instant now = now();
        return pool.withTransaction(tx -> repository.ensureRoot(tx, org, now)
                .flatMap(root -> parentOrRoot(tx, org, req.parentId(), root))
                .flatMap(parent -> repository.insertTeam(tx, org, new Team(RowIds.next(), req.name().strip(), parent, false, now, now))))
                .onFailure(CatalogueService::isDuplicateName).transform(e -> duplicateName(req.name()));
    }

    public Uni<Team> updateTeam(String org, UUID id, TeamRequest req) {
        Instant now = now();
        // Moves in one organisation's tree are serialised, so two concurrent moves cannot close a loop.
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext('teams'))")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(org))
                .flatMap(locked -> repository.team(tx, org, id))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("team " + id)))
                .flatMap(team -> {
                    if (team.root()) {
                        if (req.parentId() != null) {
                            throw ProblemException.invalid("parentId", "the root team has no parent");
                        }
                        return repository.updateTeam(tx, org, id, req.name().strip(), null, now);
                    }
                    return repository.ensureRoot(tx, org, now)
                            .flatMap(root -> parentOrRoot(tx, org, req.parentId(), root))
                            .flatMap(parent -> repository.isDescendant(tx, org, id, parent).flatMap(loops -> {
                                if (loops) {
                                    throw ProblemException.invalid("parentId", "a team cannot be placed under itself or its descendants");
                                }
                                return repository.updateTeam(tx, org, id, req.name().strip(), parent, now);
                            }));
                })
                .flatMap(updated -> repository.team(tx, org, id))
                .map(found -> found.orElseThrow()))
                .onFailure(CatalogueService::isDuplicateName).transform(e -> duplicateName(req.name()));
    }

    public Uni<List<ServiceEntry>> services(String org) {
        return repository.services(pool, org);
    }

    public Uni<ServiceEntry> service(String org, String slug) {
        return repository.service(pool, org, slug)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("service " + slug)));
    }

    /** Creates or replaces a service; the owner teams must exist. Returns whether it was created. */
    public Uni<Boolean> putService(String org, String slug, ServiceRequest req) {
        Instant now = now();
        List<UUID> owners = req.ownerTeamIds() == null ? List.of() : req.ownerTeamIds();
        return pool.withTransaction(tx -> checkTeamsExist(tx, org, owners, "ownerTeamIds")
                .flatMap(ok -> repository.upsertService(tx, org, slug, req, now)));
    }

    /** Fails with a 400 naming the unknown team ids. */
    public Uni<Void> checkTeamsExist(io.vertx.mutiny.sqlclient.SqlClient client, String org, Collection<UUID> ids, String field) {
        return repository.existingTeams(client, org, ids).map(found -> {
            List<FieldError> errors = ids.stream().filter(id -> !found.contains(id))
                    .map(id -> new FieldError(field, "no team " + id + " in this organisation")).toList();
            if (!errors.isEmpty()) {
                throw new ProblemException(400, "validation", "Invalid request", errors.get(0).message(), errors);
            }
            return null;
        });
    }

    private Uni<UUID> parentOrRoot(io.vertx.mutiny.sqlclient.SqlClient client, String org, UUID parentId, Team root) {
        if (parentId == null) {
            return Uni.createFrom().item(root.id());
        }
        return repository.team(client, org, parentId).map(found -> found.map(Team::id)
                .orElseThrow(() -> ProblemException.invalid("parentId", "no team " + parentId + " in this organisation")));
    }

    private static boolean isDuplicateName(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
                && String.valueOf(pg.getConstraint()).equals("teams_name_per_org");
    }

    private static ProblemException duplicateName(String name) {
        return ProblemException.conflict("team-exists", "a team named '" + name.strip() + "' already exists");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
