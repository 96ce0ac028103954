package io.tocsin.notifier.events;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.secrets.Secrets;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** What the notifier remembers per incident; the PagerDuty routing key is sealed. */
@ApplicationScoped
public class IncidentStateRepository {

    private final Secrets secrets;

    public IncidentStateRepository(Secrets secrets) {
        this.secrets = secrets;
    }

    /**
     * The incident's state, locked for the rest of the transaction: events of one incident handled by
     * two replicas at once are planned one after the other.
     */
    public Uni<IncidentState> lock(SqlClient tx, String org, UUID incidentId, Instant now) {
        return tx.preparedQuery("INSERT INTO notifier.incident_state (org_id, incident_id, updated_at) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(org, incidentId, Db.ts(now)))
                .flatMap(v -> tx.preparedQuery("SELECT last_score, pagerduty_open, pagerduty_key, incident_io_planned"
                                + " FROM notifier.incident_state WHERE org_id = $1 AND incident_id = $2 FOR UPDATE")
                        .execute(Tuple.of(org, incidentId)))
                .map(rows -> read(org, rows.iterator().next()));
    }

    public Uni<Void> save(SqlClient tx, String org, UUID incidentId, IncidentState state, Instant now) {
        io.vertx.core.buffer.Buffer key = state.pagerDutyKey() == null ? null
                : io.vertx.core.buffer.Buffer.buffer(secrets.seal(org, state.pagerDutyKey()));
        return tx.preparedQuery("UPDATE notifier.incident_state SET last_score = $3, pagerduty_open = $4, pagerduty_key = $5,"
                        + " incident_io_planned = $6, updated_at = $7 WHERE org_id = $1 AND incident_id = $2")
                .execute(Tuple.tuple().addValue(org).addValue(incidentId).addValue(state.lastScore())
                        .addValue(state.pagerDutyOpen()).addValue(key).addValue(state.incidentIoPlanned()).addValue(Db.ts(now)))
                .replaceWithVoid();
    }

    private IncidentState read(String org, Row row) {
        Buffer key = row.getBuffer("pagerduty_key");
        return new IncidentState(row.getDouble("last_score"), row.getBoolean("pagerduty_open"),
                key == null ? null : secrets.open(org, key.getBytes()), row.getBoolean("incident_io_planned"));
    }
}
