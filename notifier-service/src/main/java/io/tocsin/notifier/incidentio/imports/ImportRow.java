package io.tocsin.notifier.incidentio.imports;

import io.tocsin.notifier.Db;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** An organisation's row of {@code notifier.incident_io_imports}. */
public record ImportRow(String org, boolean scheduled, boolean runRequested, ImportState state, String cursor,
        Instant nextRunAt, UUID claimToken, Instant leaseUntil, Instant passStartedAt, int passPages, int passIncidents,
        int passCommands, int failures, Integer lastStatusCode, String lastError, Instant lastAttemptAt,
        Instant lastCompletedAt, long commandsTotal, String updatedBy, Instant updatedAt) {

    static final String COLUMNS = "org_id, scheduled, run_requested, state, page_cursor, next_run_at, claim_token, lease_until,"
            + " pass_started_at, pass_pages, pass_incidents, pass_commands, failures, last_status_code, last_error,"
            + " last_attempt_at, last_completed_at, commands_total, updated_by, updated_at";

    /** What an organisation that never imported looks like. */
    static ImportRow none(String org) {
        return new ImportRow(org, false, false, ImportState.IDLE, null, null, null, null, null, 0, 0, 0, 0, null, null, null,
                null, 0, null, null);
    }

    static ImportRow read(Row row) {
        return new ImportRow(row.getString("org_id"), row.getBoolean("scheduled"), row.getBoolean("run_requested"),
                ImportState.fromWire(row.getString("state")), row.getString("page_cursor"), Db.instant(row, "next_run_at"),
                row.getUUID("claim_token"), Db.instant(row, "lease_until"), Db.instant(row, "pass_started_at"),
                row.getInteger("pass_pages"), row.getInteger("pass_incidents"), row.getInteger("pass_commands"),
                row.getInteger("failures"), row.getInteger("last_status_code"), row.getString("last_error"),
                Db.instant(row, "last_attempt_at"), Db.instant(row, "last_completed_at"), row.getLong("commands_total"),
                row.getString("updated_by"), Db.instant(row, "updated_at"));
    }

    /** A replica holds it right now (its lease has not expired). */
    boolean claimedAt(Instant now) {
        return claimToken != null && leaseUntil != null && leaseUntil.isAfter(now);
    }
}
