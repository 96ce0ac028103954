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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the notifier remembers per incident; the PagerDuty routing key is sealed. */
@ApplicationScoped
public class IncidentStateRepository {

    private final Secrets secrets;

    public IncidentStateRepository(Secrets secrets) {
        this.secrets = secrets;
    }

    /** Which incident a state belongs to. */
    public record Key(String org, UUID incidentId) {
    }

    private static final String CREATE_ALL = "INSERT INTO notifier.incident_state (org_id, incident_id, updated_at)"
            + " SELECT k.org_id, k.incident_id, $3 FROM unnest($1::text[], $2::uuid[]) AS k (org_id, incident_id)"
            + " ORDER BY 1, 2 ON CONFLICT DO NOTHING";
    private static final String LOCK_ALL = "SELECT org_id, incident_id, last_score, pagerduty_open, pagerduty_key,"
            + " incident_io_planned FROM notifier.incident_state"
            + " WHERE (org_id, incident_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[])) ORDER BY org_id, incident_id FOR UPDATE";
    private static final String SAVE_ALL = "UPDATE notifier.incident_state s SET last_score = v.last_score,"
            + " pagerduty_open = v.pagerduty_open, pagerduty_key = v.pagerduty_key, incident_io_planned = v.incident_io_planned,"
            + " updated_at = $7 FROM unnest($1::text[], $2::uuid[], $3::float8[], $4::bool[], $5::bytea[], $6::bool[])"
            + " AS v (org_id, incident_id, last_score, pagerduty_open, pagerduty_key, incident_io_planned)"
            + " WHERE s.org_id = v.org_id AND s.incident_id = v.incident_id";

    /**
     * The incidents' states, created when new and locked for the rest of the transaction — in one
     * order (org, incident) whoever asks, so that events of one incident handled by two replicas at
     * once are planned one after the other, and two batches sharing incidents wait rather than deadlock.
     */
    public Uni<Map<Key, IncidentState>> lockAll(SqlClient tx, Collection<Key> keys, Instant now) {
        List<Key> distinct = keys.stream().distinct().toList();
        String[] orgs = distinct.stream().map(Key::org).toArray(String[]::new);
        UUID[] incidents = distinct.stream().map(Key::incidentId).toArray(UUID[]::new);
        return tx.preparedQuery(CREATE_ALL).execute(Tuple.of(orgs, incidents, Db.ts(now)))
                .flatMap(v -> tx.preparedQuery(LOCK_ALL).execute(Tuple.of(orgs, incidents)))
                .map(rows -> {
                    Map<Key, IncidentState> states = new HashMap<>();
                    rows.forEach(row -> {
                        String org = row.getString("org_id");
                        states.put(new Key(org, row.getUUID("incident_id")), read(org, row));
                    });
                    return states;
                });
    }

    /** Stores the incidents' states (the rows {@link #lockAll} locked) in one statement. */
    public Uni<Void> saveAll(SqlClient tx, Map<Key, IncidentState> states, Instant now) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = states.size();
        String[] orgs = new String[n];
        UUID[] incidents = new UUID[n];
        Double[] scores = new Double[n];
        Boolean[] open = new Boolean[n];
        io.vertx.core.buffer.Buffer[] keys = new io.vertx.core.buffer.Buffer[n];
        Boolean[] incidentIo = new Boolean[n];
        int i = 0;
        for (Map.Entry<Key, IncidentState> entry : states.entrySet()) {
            IncidentState state = entry.getValue();
            orgs[i] = entry.getKey().org();
            incidents[i] = entry.getKey().incidentId();
            scores[i] = state.lastScore();
            open[i] = state.pagerDutyOpen();
            keys[i] = state.pagerDutyKey() == null ? null : io.vertx.core.buffer.Buffer.buffer(secrets.seal(orgs[i], state.pagerDutyKey()));
            incidentIo[i] = state.incidentIoPlanned();
            i++;
        }
        return tx.preparedQuery(SAVE_ALL).execute(Tuple.tuple().addValue(orgs).addValue(incidents).addValue(scores)
                .addValue(open).addValue(keys).addValue(incidentIo).addValue(Db.ts(now))).replaceWithVoid();
    }

    private IncidentState read(String org, Row row) {
        Buffer key = row.getBuffer("pagerduty_key");
        return new IncidentState(row.getDouble("last_score"), row.getBoolean("pagerduty_open"),
                key == null ? null : secrets.open(org, key.getBytes()), row.getBoolean("incident_io_planned"));
    }
}
