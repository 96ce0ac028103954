package io.tocsin.notifier.incidentio.imports;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tocsin.platform.work.Rounds;
import io.tocsin.contracts.commands.ImportIncident;
import io.tocsin.notifier.Db;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.deliveries.RetryPolicy;
import io.tocsin.notifier.http.SendResult;
import io.tocsin.notifier.incidentio.IncidentIoConfigs;
import io.tocsin.platform.outbox.OutboxWriter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Runs the incident.io imports that are due, page by page. Every replica may: a Vert.x timer polls,
 * a replica claims one organisation's import at a time under a lease ({@link ImportRepository}),
 * fetches a page without holding a transaction, then commits in one transaction the page's
 * {@code import_incident} commands (outbox), their fingerprints and the cursor past the page — only
 * while its claim is still current. A failure keeps the cursor, so the next attempt (backed off, or
 * {@code Retry-After}) asks for the same page; nothing committed is sent again, and an incident
 * unchanged since it was last sent is not sent at all. Nothing blocks the event loop.
 */
@ApplicationScoped
public class IncidentIoImporter {

    private static final Logger LOG = Logger.getLogger(IncidentIoImporter.class);
    /** Bounds one page (fetch and commit): a stuck step must not keep this replica from importing forever. */
    private static final Duration PAGE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration MIN_RETRY_DELAY = Duration.ofSeconds(1);

    private final Pool pool;
    private final Vertx vertx;
    private final ImportRepository imports;
    private final IncidentIoIncidents incidents;
    private final IncidentIoConfigs configs;
    private final ImportCommands commands;
    private final OutboxWriter outbox;
    private final ImportSettings settings;
    private final NotifierSettings notifier;
    private final RetryPolicy retries;
    private final Clock clock;
    private final Rounds rounds;
    private long pollTimer = -1;

    public IncidentIoImporter(Pool pool, Vertx vertx, ImportRepository imports, IncidentIoIncidents incidents,
            IncidentIoConfigs configs, ImportCommands commands, OutboxWriter outbox, ImportSettings settings,
            NotifierSettings notifier, Clock clock) {
        this.pool = pool;
        this.vertx = vertx;
        this.imports = imports;
        this.incidents = incidents;
        this.configs = configs;
        this.commands = commands;
        this.outbox = outbox;
        this.settings = settings;
        this.notifier = notifier;
        this.retries = new RetryPolicy(notifier.retryBase(), notifier.retryMaxDelay(), notifier.retryWindow(),
                notifier.retryJitter());
        this.clock = clock;
        // Pages are fetched with a timeout each; the round's own limit only guards against a wedged one (the
        // claims it held lapse with their lease and the next round resumes from the cursors).
        this.rounds = new Rounds("incident.io import", () -> runDue().replaceWith(false), Duration.ofHours(1));
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> trigger());
        trigger();
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.stop();
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
    }

    /** Asks for a round now (an admin's request, the poll); if one is running, another follows it. */
    public void trigger() {
        if (settings.enabled()) {
            rounds.trigger();
        }
    }

    /** Runs every import due now, one organisation after the other; the number of organisations run. */
    public Uni<Integer> runDue() {
        Instant now = now();
        return imports.claim(pool, now, UUID.randomUUID(), now.plus(notifier.lease()))
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        : run(claimed.get()).flatMap(v -> runDue()).map(more -> more + 1));
    }

    /** One claimed import: pages until the list ends, a failure, the import is turned off, or the claim is lost. */
    private Uni<Void> run(ImportRow claim) {
        return configs.effective(pool, claim.org()).flatMap(config -> {
            if (config.apiToken() == null || config.apiToken().isBlank()) {
                return refused(claim, null, "incident.io API token is not configured (PUT /api/integrations/incident-io)");
            }
            return nextPage(claim, config.apiToken(), claim.cursor());
        });
    }

    private Uni<Void> nextPage(ImportRow claim, String apiToken, String cursor) {
        return onePage(claim, apiToken, cursor).flatMap(next -> next.isEmpty() ? Uni.createFrom().voidItem()
                : nextPage(claim, apiToken, next.get()));
    }

    /** Fetches and commits one page; the cursor of the next page when the pass goes on. */
    private Uni<Optional<String>> onePage(ImportRow claim, String apiToken, String cursor) {
        return incidents.page(apiToken, cursor, pageSize())
                .flatMap(answer -> answer instanceof IncidentIoIncidents.Page page ? commit(claim, cursor, page)
                        : problem(claim, ((IncidentIoIncidents.Problem) answer).result()).replaceWith(Optional.<String>empty()))
                .ifNoItem().after(PAGE_TIMEOUT).fail();
    }

    /** What became of a page's commit. */
    private enum Committed { GO_ON, COMPLETE, TURNED_OFF, TAKEN_OVER }

    /**
     * Commits one page: commands for the incidents that are new or changed, their fingerprints, and
     * the cursor past it. Answers the cursor of the next page when the pass goes on.
     */
    private Uni<Optional<String>> commit(ImportRow claim, String cursor, IncidentIoIncidents.Page page) {
        Instant now = now();
        String next = page.after() == null || page.after().equals(cursor) ? null : page.after();
        Map<String, ImportCommands.Prepared> prepared = prepare(claim.org(), page);
        return pool.withTransaction(tx -> imports.lockClaimed(tx, claim.org(), claim.claimToken()).flatMap(current -> {
            if (current.isEmpty()) {
                return Uni.createFrom().item(Committed.TAKEN_OVER);
            }
            ImportRow row = current.get();
            return send(tx, claim.org(), prepared, now)
                    .flatMap(sent -> imports.pageDone(tx, claim.org(), claim.claimToken(), next, page.incidents().size(), sent,
                            now.plus(notifier.lease()), nextScheduled(row, now), now))
                    .map(v -> next == null ? Committed.COMPLETE
                            : row.scheduled() || row.runRequested() ? Committed.GO_ON : Committed.TURNED_OFF);
        })).flatMap(committed -> switch (committed) {
            case GO_ON -> Uni.createFrom().item(Optional.of(next));
            case COMPLETE -> {
                LOG.debugf("incident.io import of %s completed a pass", claim.org());
                yield Uni.createFrom().item(Optional.<String>empty());
            }
            case TURNED_OFF -> {
                LOG.infof("incident.io import of %s was turned off mid-pass; it resumes from its cursor when turned on", claim.org());
                yield imports.release(pool, claim.org(), claim.claimToken(), now).replaceWith(Optional.<String>empty());
            }
            case TAKEN_OVER -> {
                LOG.infof("incident.io import of %s was taken over by another replica; this one stops", claim.org());
                yield Uni.createFrom().item(Optional.<String>empty());
            }
        });
    }

    /** The page's commands by incident.io id (an incident listed twice counts once, as last listed). */
    private Map<String, ImportCommands.Prepared> prepare(String org, IncidentIoIncidents.Page page) {
        Map<String, ImportCommands.Prepared> prepared = new LinkedHashMap<>();
        page.incidents().forEach(incident -> {
            Optional<ImportIncident> command = ImportMapping.command(org, incident);
            if (command.isEmpty()) {
                LOG.infof("incident.io incident %s of %s has no id or creation time; not imported", incident.getValue("id"), org);
                return;
            }
            prepared.remove(command.get().externalId());
            prepared.put(command.get().externalId(), commands.prepare(command.get()));
        });
        return prepared;
    }

    /** Writes the commands of new or changed incidents to the outbox; the number written. */
    private Uni<Integer> send(SqlConnection tx, String org, Map<String, ImportCommands.Prepared> prepared, Instant now) {
        return imports.recordSent(tx, org, List.copyOf(prepared.values()), now).flatMap(changed -> outbox.append(tx,
                        changed.stream().map(id -> commands.event(prepared.get(id).command(), now)).toList())
                .replaceWith(changed.size()));
    }

    private Uni<Void> problem(ImportRow claim, SendResult result) {
        if (result instanceof SendResult.Retry retry) {
            Instant now = now();
            Duration delay = retries.delay(claim.failures() + 1, retry.retryAfter(), ThreadLocalRandom.current().nextDouble());
            // Never due at once: "Retry-After: 0" must not turn this round into a loop against incident.io.
            Instant next = Db.micros(now.plus(delay.compareTo(MIN_RETRY_DELAY) < 0 ? MIN_RETRY_DELAY : delay));
            LOG.infof("incident.io import of %s will retry at %s: %s", claim.org(), next, retry.reason());
            return imports.failed(pool, claim.org(), claim.claimToken(), ImportState.RETRYING, retry.statusCode(),
                    retry.reason(), next, now).replaceWithVoid();
        }
        SendResult.Failed failed = (SendResult.Failed) result;
        String reason = failed.statusCode() != null && (failed.statusCode() == 401 || failed.statusCode() == 403)
                ? "incident.io refused the API token (check it and its permission to view incidents): " + failed.reason()
                : "incident.io refused the request: " + failed.reason();
        return refused(claim, failed.statusCode(), reason);
    }

    /** A failure retrying would not fix: shown in the state; a scheduled import tries again next interval. */
    private Uni<Void> refused(ImportRow claim, Integer statusCode, String reason) {
        Instant now = now();
        LOG.warnf("incident.io import of %s failed: %s", claim.org(), reason);
        return imports.failed(pool, claim.org(), claim.claimToken(), ImportState.FAILED, statusCode, reason,
                claim.scheduled() ? Db.micros(now.plus(settings.interval())) : null, now).replaceWithVoid();
    }

    /** When the next pass starts once this one completes: an interval later if scheduled, else not at all. */
    private Instant nextScheduled(ImportRow row, Instant now) {
        return row.scheduled() ? Db.micros(now.plus(settings.interval())) : null;
    }

    private int pageSize() {
        return Math.max(1, Math.min(250, settings.pageSize()));
    }

    private Instant now() {
        return Db.micros(clock.instant());
    }
}
