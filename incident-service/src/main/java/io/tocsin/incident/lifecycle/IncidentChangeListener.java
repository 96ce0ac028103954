package io.tocsin.incident.lifecycle;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * Something other features do when an incident changes, inside the transaction of the change
 * (after its timeline entries and events are written), so that its effects commit or roll back
 * with it. Postmortems use it to be created on resolution, whatever path resolved the incident.
 */
public interface IncidentChangeListener {

    Uni<Void> changed(SqlConnection tx, Incident before, Incident after, Instant at);
}
