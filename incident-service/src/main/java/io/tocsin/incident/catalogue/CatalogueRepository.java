package io.tocsin.incident.catalogue;

import io.smallrye.mutiny.Uni;
import io.tocsin.platform.db.RowIds;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for teams and services, scoped by organisation. */
@ApplicationScoped
public class CatalogueRepository {

    private static final String TEAM_COLUMNS = "id, name, parent_id, is_root, created_at, updated_at";
    private static final String SERVICE_COLUMNS = "slug, name, owner_team_ids, oncall_user_id, created_at, updated_at";

    /** Creates the organisation's root team the first time anything asks for it. */
    public Uni<Team> ensureRoot(SqlClient client, String org, Instant now) {
        return client.preparedQuery("INSERT INTO incident.teams (org_id, id, name, parent_id, is_root, created_at, updated_at)"
                        + " VALUES ($1, $2, 'Organisation', NULL, true, $3, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(org, RowIds.next(), ts(now)))
                .flatMap(ignored -> client.preparedQuery("SELECT " + TEAM_COLUMNS + " FROM incident.teams WHERE org_id = $1 AND is_root")
                        .execute(Tuple.of(org)))
                .map(rows -> team(rows.iterator().next()));
    }

    public Uni<List<Team>> teams(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + TEAM_COLUMNS + " FROM incident.teams WHERE org_id = $1 ORDER BY is_root DESC, lower(name)")
                .execute(Tuple.of(org)).map(rows -> {
                    List<Team> teams = new ArrayList<>();
                    rows.forEach(row -> teams.add(team(row)));
                    return teams;
                });
    }

    public Uni<Optional<Team>> team(SqlClient client, String org, UUID id) {
        return client.preparedQuery("SELECT " + TEAM_COLUMNS + " FROM incident.teams WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(team(rows.iterator().next())) : Optional.empty());
    }

    public Uni<Team> insertTeam(SqlClient client, String org, Team team) {
        return client.preparedQuery("INSERT INTO incident.teams (org_id, id, name, parent_id, is_root, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, false, $5, $5)")
                .execute(Tuple.of(org, team.id(), team.name(), team.parentId(), ts(team.createdAt())))
                .replaceWith(team);
    }

    public Uni<Boolean> updateTeam(SqlClient client, String org, UUID id, String name, UUID parentId, Instant now) {
        return client.preparedQuery("UPDATE incident.teams SET name = $3, parent_id = $4, updated_at = $5"
                        + " WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(org, id, name, parentId, ts(now))).map(rows -> rows.rowCount() == 1);
    }

    /** Whether making {@code parentId} the parent of {@code teamId} would close a loop. */
    public Uni<Boolean> isDescendant(SqlClient client, String org, UUID teamId, UUID candidate) {
        return client.preparedQuery("WITH RECURSIVE below(id) AS (SELECT id FROM incident.teams WHERE org_id = $1 AND id = $2"
                        + " UNION SELECT t.id FROM incident.teams t JOIN below b ON t.parent_id = b.id WHERE t.org_id = $1)"
                        + " SELECT EXISTS (SELECT 1 FROM below WHERE id = $3) AS loops")
                .execute(Tuple.of(org, teamId, candidate)).map(rows -> rows.iterator().next().getBoolean("loops"));
    }

    /** The subset of {@code ids} that are teams of the organisation. */
    public Uni<Set<UUID>> existingTeams(SqlClient client, String org, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return client.preparedQuery("SELECT id FROM incident.teams WHERE org_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(org, ids.toArray(new UUID[0]))).map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getUUID("id")));
                    return found;
                });
    }

    public Uni<List<ServiceEntry>> services(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + SERVICE_COLUMNS + " FROM incident.services WHERE org_id = $1 ORDER BY slug")
                .execute(Tuple.of(org)).map(rows -> {
                    List<ServiceEntry> services = new ArrayList<>();
                    rows.forEach(row -> services.add(service(row)));
                    return services;
                });
    }

    public Uni<Optional<ServiceEntry>> service(SqlClient client, String org, String slug) {
        return client.preparedQuery("SELECT " + SERVICE_COLUMNS + " FROM incident.services WHERE org_id = $1 AND slug = $2")
                .execute(Tuple.of(org, slug))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(service(rows.iterator().next())) : Optional.empty());
    }

    /** Creates or replaces a service; true when it was created. */
    public Uni<Boolean> upsertService(SqlClient client, String org, String slug, ServiceRequest req, Instant now) {
        List<UUID> owners = req.ownerTeamIds() == null ? List.of() : req.ownerTeamIds();
        return client.preparedQuery("INSERT INTO incident.services (org_id, slug, name, owner_team_ids, oncall_user_id, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (org_id, slug) DO UPDATE SET name = EXCLUDED.name,"
                        + " owner_team_ids = EXCLUDED.owner_team_ids, oncall_user_id = EXCLUDED.oncall_user_id,"
                        + " updated_at = EXCLUDED.updated_at RETURNING (xmax = 0) AS created")
                .execute(Tuple.of(org, slug, req.name(), owners.toArray(new UUID[0]), req.oncallUserId(), ts(now)))
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    /** The on-call user of the first listed service that has one, or null. */
    public Uni<String> onCallFor(SqlClient client, String org, List<String> services) {
        if (services.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return client.preparedQuery("SELECT s.oncall_user_id FROM unnest($2::text[]) WITH ORDINALITY AS wanted(slug, n)"
                        + " JOIN incident.services s ON s.org_id = $1 AND s.slug = wanted.slug"
                        + " WHERE s.oncall_user_id IS NOT NULL ORDER BY wanted.n LIMIT 1")
                .execute(Tuple.of(org, services.toArray(new String[0])))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    private static Team team(Row r) {
        return new Team(r.getUUID("id"), r.getString("name"), r.getUUID("parent_id"), r.getBoolean("is_root"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }

    private static ServiceEntry service(Row r) {
        return new ServiceEntry(r.getString("slug"), r.getString("name"), Arrays.asList(r.getArrayOfUUIDs("owner_team_ids")),
                r.getString("oncall_user_id"), r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant());
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
