package io.tocsin.autodraft.drafts;

import io.smallrye.mutiny.Uni;
import io.tocsin.autodraft.Db;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The drafts autodraft learned of from incident events, and their outcome. */
@ApplicationScoped
public class DraftRepository {

    /** Remembers a new draft; false when it was already known (a replayed event). */
    public Uni<Boolean> insertOpen(SqlClient tx, Draft draft) {
        return tx.preparedQuery("INSERT INTO autodraft.drafts (org_id, incident_id, metric, created_at, status)"
                        + " VALUES ($1, $2, $3, $4, 'open') ON CONFLICT (org_id, incident_id) DO NOTHING")
                .execute(Tuple.of(draft.org(), draft.incidentId(), draft.metric(), Db.ts(draft.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records a decision (published or dismissed) unless one was recorded already; a draft whose
     * creation event was never seen is recorded as decided straight away.
     */
    public Uni<Void> decide(SqlClient tx, Draft draft, DraftStatus status, Instant at) {
        return tx.preparedQuery("INSERT INTO autodraft.drafts (org_id, incident_id, metric, created_at, status, decided_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, incident_id) DO UPDATE"
                        + " SET status = EXCLUDED.status, decided_at = EXCLUDED.decided_at"
                        + " WHERE autodraft.drafts.status IN ('open', 'expiring')")
                .execute(Tuple.tuple().addValue(draft.org()).addValue(draft.incidentId()).addValue(draft.metric())
                        .addValue(Db.ts(draft.createdAt())).addValue(status.wire()).addValue(Db.ts(at)))
                .replaceWithVoid();
    }

    /** Locks up to {@code limit} open drafts created before {@code createdBefore} that no other sweep holds. */
    public Uni<List<Draft>> claimExpired(SqlClient tx, Instant createdBefore, int limit) {
        return tx.preparedQuery("SELECT org_id, incident_id, metric, created_at FROM autodraft.drafts"
                        + " WHERE status = 'open' AND created_at <= $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(Db.ts(createdBefore), limit)).map(rows -> {
                    List<Draft> drafts = new ArrayList<>();
                    rows.forEach(r -> drafts.add(new Draft(r.getString("org_id"), r.getUUID("incident_id"), r.getString("metric"),
                            Db.instant(r, "created_at"), DraftStatus.OPEN)));
                    return drafts;
                });
    }

    public Uni<Void> markExpiring(SqlClient tx, String org, UUID incidentId, Instant at) {
        return tx.preparedQuery("UPDATE autodraft.drafts SET status = 'expiring', expire_requested_at = $3"
                        + " WHERE org_id = $1 AND incident_id = $2")
                .execute(Tuple.of(org, incidentId, Db.ts(at))).replaceWithVoid();
    }
}
