package io.tocsin.incident.attribution;

import io.smallrye.mutiny.Uni;
import io.tocsin.incident.catalogue.CatalogueService;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/** Reads and replaces the organisation's team mapping; every mapped team must exist. */
@ApplicationScoped
public class TeamMappingService {

    private final Pool pool;
    private final TeamMappingRepository repository;
    private final CatalogueService catalogue;
    private final Clock clock;

    public TeamMappingService(Pool pool, TeamMappingRepository repository, CatalogueService catalogue, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public Uni<TeamMapping> get(String org) {
        return repository.find(pool, org).map(found -> found.orElseGet(TeamMapping::none));
    }

    public Uni<TeamMapping> put(String org, TeamMappingRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        TeamMapping mapping = new TeamMapping(request.field().strip(), new LinkedHashMap<>(new TreeMap<>(request.values())), now);
        return pool.withTransaction(tx -> catalogue.checkTeamsExist(tx, org, mapping.values().values(), "values")
                .flatMap(ok -> repository.save(tx, org, mapping)))
                .replaceWith(mapping);
    }
}
