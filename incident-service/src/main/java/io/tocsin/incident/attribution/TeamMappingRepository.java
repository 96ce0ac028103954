package io.tocsin.incident.attribution;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for team mappings: one row per organisation. */
@ApplicationScoped
public class TeamMappingRepository {

    public Uni<Optional<TeamMapping>> find(SqlClient client, String org) {
        return client.preparedQuery("SELECT field, team_values, updated_at FROM incident.team_mappings WHERE org_id = $1")
                .execute(Tuple.of(org))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    public Uni<Void> save(SqlClient client, String org, TeamMapping mapping) {
        JsonObject values = new JsonObject();
        mapping.values().forEach((value, team) -> values.put(value, team.toString()));
        return client.preparedQuery("INSERT INTO incident.team_mappings (org_id, field, team_values, updated_at)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT (org_id) DO UPDATE SET field = EXCLUDED.field,"
                        + " team_values = EXCLUDED.team_values, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.of(org, mapping.field(), values, OffsetDateTime.ofInstant(mapping.updatedAt(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static TeamMapping map(Row row) {
        Map<String, UUID> values = new LinkedHashMap<>();
        row.getJsonObject("team_values").forEach(e -> values.put(e.getKey(), UUID.fromString((String) e.getValue())));
        Instant updatedAt = row.getOffsetDateTime("updated_at").toInstant();
        return new TeamMapping(row.getString("field"), values, updatedAt);
    }
}
