package io.tocsin.notifier.incidentio.imports;

import java.time.Instant;

/**
 * An organisation's incident.io import as the API shows it.
 *
 * @param enabled       runs every {@code intervalSeconds} (else only when an admin asks)
 * @param running       a replica is reading pages right now
 * @param cursor        incident.io's cursor after the last committed page of the current pass ({@code null}: at the start)
 * @param pages         pages committed in the current (or last) pass
 * @param incidents     incidents read in that pass
 * @param commandsSent  {@code import_incident} commands sent in that pass (only new or changed incidents are sent)
 * @param failures      consecutive failed attempts
 * @param lastError     why the last attempt failed (cleared by the next committed page)
 */
public record ImportView(boolean enabled, long intervalSeconds, String state, boolean running, boolean runRequested,
        String cursor, Instant nextRunAt, Instant passStartedAt, int pages, int incidents, int commandsSent, int failures,
        Integer lastStatusCode, String lastError, Instant lastAttemptAt, Instant lastCompletedAt, long commandsTotal,
        String updatedBy, Instant updatedAt) {

    static ImportView of(ImportRow row, ImportSettings settings, Instant now) {
        return new ImportView(row.scheduled(), settings.interval().toSeconds(), row.state().wire(), row.claimedAt(now),
                row.runRequested(), row.cursor(), row.nextRunAt(), row.passStartedAt(), row.passPages(), row.passIncidents(),
                row.passCommands(), row.failures(), row.lastStatusCode(), row.lastError(), row.lastAttemptAt(),
                row.lastCompletedAt(), row.commandsTotal(), row.updatedBy(), row.updatedAt());
    }
}
