package io.tocsin.notifier.email;

import io.smallrye.mutiny.Uni;
import io.tocsin.notifier.Db;
import io.tocsin.platform.db.RowIds;
import io.tocsin.platform.problem.ProblemException;
import io.tocsin.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Who receives email in an organisation, and each person's own preferences. */
@ApplicationScoped
public class RecipientService {

    private final Pool pool;
    private final RecipientRepository recipients;
    private final Clock clock;

    public RecipientService(Pool pool, RecipientRepository recipients, Clock clock) {
        this.pool = pool;
        this.recipients = recipients;
        this.clock = clock;
    }

    public Uni<Recipient> register(Caller caller, RecipientRequest request) {
        Recipient recipient = new Recipient(RowIds.next(), caller.org(), request.email().strip().toLowerCase(Locale.ROOT),
                request.name() == null ? null : request.name().strip(),
                request.userId() == null || request.userId().isBlank() ? null : request.userId().strip(),
                request.roles() == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(request.roles())),
                Db.micros(clock.instant()));
        return recipients.insert(pool, recipient).map(inserted -> {
            if (!inserted) {
                throw ProblemException.conflict("recipient-exists", "a recipient with this email or userId is already registered");
            }
            return recipient;
        });
    }

    public Uni<List<Recipient>> list(String org) {
        return recipients.list(pool, org);
    }

    public Uni<Void> remove(String org, UUID id) {
        return recipients.delete(pool, org, id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("recipient " + id);
            }
            return null;
        });
    }

    /** The caller's preferences; draft emails are on unless they turned them off. */
    public Uni<Preferences> preferences(Caller caller) {
        return recipients.autoIncidentDrafts(pool, caller.org(), caller.sub())
                .map(stored -> new Preferences(stored == null || stored));
    }

    public Uni<Preferences> savePreferences(Caller caller, Preferences preferences) {
        return recipients.saveAutoIncidentDrafts(pool, caller.org(), caller.sub(), preferences.autoIncidentDrafts(),
                Db.micros(clock.instant())).replaceWith(preferences);
    }
}
