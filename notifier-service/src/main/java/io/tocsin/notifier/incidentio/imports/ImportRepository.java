package io.tocsin.notifier.incidentio.imports;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The import state of each organisation, its claims, and the fingerprints of what was sent. */
@ApplicationScoped
public class ImportRepository {

    /**
     * Claims the import that has waited longest among those due and not leased. The row is locked
     * only for this statement ({@code SKIP LOCKED}: replicas claiming at once take different rows);
     * the lease keeps others away afterwards and expires if this replica dies. Starting a pass (no
     * cursor yet) resets its counters.
     */
    private static final String CLAIM = "UPDATE notifier.incident_io_imports SET claim_token = $2, lease_until = $3,"
            + " state = 'running', last_attempt_at = $1, updated_at = $1,"
            + " pass_started_at = CASE WHEN page_cursor IS NULL THEN $1 ELSE pass_started_at END,"
            + " pass_pages = CASE WHEN page_cursor IS NULL THEN 0 ELSE pass_pages END,"
            + " pass_incidents = CASE WHEN page_cursor IS NULL THEN 0 ELSE pass_incidents END,"
            + " pass_commands = CASE WHEN page_cursor IS NULL THEN 0 ELSE pass_commands END"
            + " WHERE org_id = (SELECT org_id FROM notifier.incident_io_imports WHERE next_run_at <= $1"
            + " AND (lease_until IS NULL OR lease_until <= $1) ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + ImportRow.COLUMNS;

    /**
     * Records the fingerprints of a page's commands; answers the external ids whose command is new or
     * changed (only those are sent). An unchanged fingerprint leaves its row as it was. incident.io
     * incidents that Tocsin itself opened (their id kept in {@code incident_state}) are not imported
     * back: they already are Tocsin incidents.
     */
    private static final String RECORD_SENT = "INSERT INTO notifier.incident_io_imported"
            + " (org_id, external_id, fingerprint, command_id, first_sent_at, last_sent_at)"
            + " SELECT $1, t.external_id, t.fingerprint, t.command_id, $5, $5"
            + " FROM unnest($2::text[], $3::text[], $4::uuid[]) AS t(external_id, fingerprint, command_id)"
            + " WHERE NOT EXISTS (SELECT 1 FROM notifier.incident_state s WHERE s.org_id = $1 AND s.incident_io_id = t.external_id)"
            + " ON CONFLICT (org_id, external_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
            + " command_id = EXCLUDED.command_id, last_sent_at = EXCLUDED.last_sent_at"
            + " WHERE notifier.incident_io_imported.fingerprint <> EXCLUDED.fingerprint"
            + " RETURNING external_id";

    public Uni<ImportRow> find(SqlClient client, String org) {
        return client.preparedQuery("SELECT " + ImportRow.COLUMNS + " FROM notifier.incident_io_imports WHERE org_id = $1")
                .execute(Tuple.of(org))
                .map(rows -> rows.rowCount() == 0 ? ImportRow.none(org) : ImportRow.read(rows.iterator().next()));
    }

    /** The organisation's row, created if missing, locked for the rest of the transaction. */
    public Uni<ImportRow> lock(SqlClient tx, String org, Instant now) {
        return tx.preparedQuery("INSERT INTO notifier.incident_io_imports (org_id, updated_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(org, Db.ts(now)))
                .flatMap(v -> tx.preparedQuery("SELECT " + ImportRow.COLUMNS
                        + " FROM notifier.incident_io_imports WHERE org_id = $1 FOR UPDATE").execute(Tuple.of(org)))
                .map(rows -> ImportRow.read(rows.iterator().next()));
    }

    /** Turns the schedule on (due now unless something is planned already) or off (nothing planned unless an admin asked). */
    public Uni<ImportRow> schedule(SqlClient tx, String org, boolean scheduled, String by, Instant now) {
        return tx.preparedQuery("UPDATE notifier.incident_io_imports SET scheduled = $2, updated_by = $3, updated_at = $4,"
                        + " next_run_at = CASE WHEN $2 THEN coalesce(next_run_at, $4)"
                        + " WHEN run_requested THEN next_run_at ELSE NULL END"
                        + " WHERE org_id = $1 RETURNING " + ImportRow.COLUMNS)
                .execute(Tuple.of(org, scheduled, by, Db.ts(now)))
                .map(rows -> ImportRow.read(rows.iterator().next()));
    }

    /** An admin's request for a pass now; {@code fromStart} forgets the cursor (the pass starts over). */
    public Uni<ImportRow> request(SqlClient tx, String org, boolean fromStart, String by, Instant now) {
        return tx.preparedQuery("UPDATE notifier.incident_io_imports SET run_requested = true, next_run_at = $3,"
                        + " page_cursor = CASE WHEN $2 THEN NULL ELSE page_cursor END, updated_by = $4, updated_at = $3"
                        + " WHERE org_id = $1 RETURNING " + ImportRow.COLUMNS)
                .execute(Tuple.of(org, fromStart, Db.ts(now), by))
                .map(rows -> ImportRow.read(rows.iterator().next()));
    }

    public Uni<Optional<ImportRow>> claim(SqlClient client, Instant now, UUID token, Instant leaseUntil) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(Db.ts(now), token, Db.ts(leaseUntil)))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ImportRow.read(rows.iterator().next())));
    }

    /** The row, locked, if {@code token} still holds its claim (else another replica took it over). */
    public Uni<Optional<ImportRow>> lockClaimed(SqlClient tx, String org, UUID token) {
        return tx.preparedQuery("SELECT " + ImportRow.COLUMNS + " FROM notifier.incident_io_imports"
                        + " WHERE org_id = $1 AND claim_token = $2 FOR UPDATE")
                .execute(Tuple.of(org, token))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ImportRow.read(rows.iterator().next())));
    }

    public Uni<List<String>> recordSent(SqlClient tx, String org, List<ImportCommands.Prepared> prepared, Instant now) {
        if (prepared.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] ids = prepared.stream().map(p -> p.command().externalId()).toArray(String[]::new);
        String[] fingerprints = prepared.stream().map(ImportCommands.Prepared::fingerprint).toArray(String[]::new);
        UUID[] commandIds = prepared.stream().map(p -> UUID.fromString(p.command().commandId())).toArray(UUID[]::new);
        return tx.preparedQuery(RECORD_SENT)
                .execute(Tuple.tuple().addValue(org).addValue(ids).addValue(fingerprints).addValue(commandIds).addValue(Db.ts(now)))
                .map(rows -> {
                    List<String> changed = new ArrayList<>();
                    rows.forEach(row -> changed.add(row.getString("external_id")));
                    return changed;
                });
    }

    /**
     * A page is committed: its counts are added and the cursor moves past it. With {@code nextCursor}
     * the pass goes on under a renewed lease; without, the pass is complete and the claim released.
     */
    public Uni<Void> pageDone(SqlClient tx, String org, UUID token, String nextCursor, int incidents, int commands,
            Instant leaseUntil, Instant nextRunAt, Instant now) {
        boolean complete = nextCursor == null;
        return tx.preparedQuery("UPDATE notifier.incident_io_imports SET page_cursor = $3::text, pass_pages = pass_pages + 1,"
                        + " pass_incidents = pass_incidents + $4, pass_commands = pass_commands + $5,"
                        + " commands_total = commands_total + $5, failures = 0, last_status_code = NULL, last_error = NULL,"
                        + " updated_at = $9,"
                        + " state = CASE WHEN $6 THEN 'completed' ELSE 'running' END,"
                        + " last_completed_at = CASE WHEN $6 THEN $9 ELSE last_completed_at END,"
                        + " run_requested = CASE WHEN $6 THEN false ELSE run_requested END,"
                        + " next_run_at = CASE WHEN $6 THEN $8::timestamptz ELSE next_run_at END,"
                        + " claim_token = CASE WHEN $6 THEN NULL ELSE claim_token END,"
                        + " lease_until = CASE WHEN $6 THEN NULL ELSE $7::timestamptz END"
                        + " WHERE org_id = $1 AND claim_token = $2")
                .execute(Tuple.tuple().addValue(org).addValue(token).addValue(nextCursor).addValue(incidents).addValue(commands)
                        .addValue(complete).addValue(Db.ts(leaseUntil)).addValue(Db.ts(nextRunAt)).addValue(Db.ts(now)))
                .replaceWithVoid();
    }

    /** Gives the claim up without a failure (the import was turned off mid-pass): the cursor stays for later. */
    public Uni<Void> release(SqlClient client, String org, UUID token, Instant now) {
        return client.preparedQuery("UPDATE notifier.incident_io_imports SET state = 'idle', claim_token = NULL, lease_until = NULL,"
                        + " next_run_at = NULL, updated_at = $3 WHERE org_id = $1 AND claim_token = $2")
                .execute(Tuple.of(org, token, Db.ts(now)))
                .replaceWithVoid();
    }

    /**
     * Records a failed attempt (the cursor stays: the same page is asked for next time) and releases
     * the claim; false if the claim had been taken over meanwhile. A refusal also ends an admin's request.
     */
    public Uni<Boolean> failed(SqlClient client, String org, UUID token, ImportState state, Integer statusCode, String reason,
            Instant nextRunAt, Instant now) {
        return client.preparedQuery("UPDATE notifier.incident_io_imports SET state = $3, failures = failures + 1,"
                        + " last_status_code = $4, last_error = $5, next_run_at = $6, updated_at = $7,"
                        + " run_requested = CASE WHEN $3 = 'failed' THEN false ELSE run_requested END,"
                        + " claim_token = NULL, lease_until = NULL WHERE org_id = $1 AND claim_token = $2")
                .execute(Tuple.tuple().addValue(org).addValue(token).addValue(state.wire()).addValue(statusCode).addValue(reason)
                        .addValue(Db.ts(nextRunAt)).addValue(Db.ts(now)))
                .map(rows -> rows.rowCount() == 1);
    }
}
