package io.tocsin.incident.analytics;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.catalogue.CatalogueRepository;
import io.tocsin.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Incident analytics for one organisation; the team filter must name one of its teams. */
@ApplicationScoped
public class AnalyticsService {

    private final Pool pool;
    private final AnalyticsRepository analytics;
    private final CatalogueRepository catalogue;

    public AnalyticsService(Pool pool, AnalyticsRepository analytics, CatalogueRepository catalogue) {
        this.pool = pool;
        this.analytics = analytics;
        this.catalogue = catalogue;
    }

    public Uni<IncidentAnalytics> incidents(AnalyticsQuery query) {
        Uni<Void> teamChecked = query.team() == null ? Uni.createFrom().voidItem()
                : catalogue.existingTeams(pool, query.org(), Set.of(query.team())).invoke(found -> {
                    if (found.isEmpty()) {
                        throw ProblemException.invalid("team", "no team " + query.team() + " in this organisation");
                    }
                }).replaceWithVoid();
        return teamChecked.flatMap(ok -> analytics.compute(pool, query));
    }
}
