package io.tocsin.notifier.incidentio.imports;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** What admins do with their organisation's incident.io import: read it, schedule it, run it now. */
@ApplicationScoped
public class ImportService {

    private final Pool pool;
    private final ImportRepository imports;
    private final IncidentIoImporter importer;
    private final ImportSettings settings;
    private final Clock clock;

    public ImportService(Pool pool, ImportRepository imports, IncidentIoImporter importer, ImportSettings settings, Clock clock) {
        this.pool = pool;
        this.imports = imports;
        this.importer = importer;
        this.settings = settings;
        this.clock = clock;
    }

    public Uni<ImportView> view(String org) {
        return imports.find(pool, org).map(row -> ImportView.of(row, settings, now()));
    }

    /** Turns the schedule on (the first pass is due at once) or off (a pass in progress stops after its page). */
    public Uni<ImportView> schedule(Caller caller, boolean enabled) {
        Instant now = now();
        return pool.withTransaction(tx -> imports.lock(tx, caller.org(), now)
                        .flatMap(row -> imports.schedule(tx, caller.org(), enabled, caller.sub(), now)))
                .invoke(row -> importer.trigger())
                .map(row -> ImportView.of(row, settings, now));
    }

    /**
     * Asks for a pass now. A pass in progress (or waiting to retry) goes on from its cursor unless
     * {@code fromStart}; starting over while a replica is reading pages is a conflict.
     */
    public Uni<ImportView> runNow(Caller caller, boolean fromStart) {
        Instant now = now();
        return pool.withTransaction(tx -> imports.lock(tx, caller.org(), now).flatMap(row -> {
                    if (fromStart && row.claimedAt(now)) {
                        throw ProblemException.conflict("import-running",
                                "the import is reading pages right now; ask to start over once it has stopped");
                    }
                    return imports.request(tx, caller.org(), fromStart, caller.sub(), now);
                }))
                .invoke(row -> importer.trigger())
                .map(row -> ImportView.of(row, settings, now));
    }

    private Instant now() {
        return Db.micros(clock.instant());
    }
}
