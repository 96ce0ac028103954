package io.tocsin.notifier.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tocsin.devstack.testing.TestDatabase;
import io.tocsin.notifier.support.Api;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Finished deliveries go after the retention (30 days); pending ones and recent ones stay. */
@QuarkusTest
class DeliveryRetentionTest {

    @Inject
    DeliveryRetention retention;

    @Inject
    Clock clock;

    @Test
    void finishedDeliveriesPastTheRetentionAreDeletedAndNothingElse() throws Exception {
        String org = Api.newOrg();
        Instant now = clock.instant();
        String oldDelivered = insert(org, "delivered", now.minus(Duration.ofDays(31)));
        String oldFailed = insert(org, "failed", now.minus(Duration.ofDays(45)));
        String oldPending = insert(org, "pending", now.minus(Duration.ofDays(40)));
        String recentDelivered = insert(org, "delivered", now.minus(Duration.ofDays(29)));

        try {
            assertThat(retention.purge().await().atMost(Duration.ofSeconds(20))).isGreaterThanOrEqualTo(2);

            List<String> left = TestDatabase.rows("SELECT id::text AS id FROM notifier.deliveries WHERE org_id = ?", org).stream()
                    .map(row -> row.get("id").toString()).toList();
            assertThat(left).containsExactlyInAnyOrder(oldPending, recentDelivered).doesNotContain(oldDelivered, oldFailed);
        } finally {
            // The old pending row would otherwise count in the backlog gauges other tests read.
            TestDatabase.execute("DELETE FROM notifier.deliveries WHERE org_id = ?", org);
        }
    }

    private static String insert(String org, String status, Instant updatedAt) throws Exception {
        String id = UUID.randomUUID().toString();
        Timestamp at = Timestamp.from(updatedAt);
        // Pending rows wait far in the future so that this service's dispatcher leaves them alone.
        Timestamp next = "pending".equals(status) ? Timestamp.from(Instant.now().plus(Duration.ofDays(365))) : at;
        TestDatabase.execute("INSERT INTO notifier.deliveries (id, org_id, event_id, event_type, incident_id, destination, action,"
                + " payload, status, next_attempt_at, retry_from, created_at, updated_at)"
                + " VALUES (?::uuid, ?, ?, 'incident.created', ?::uuid, 'webhook:retention-test', 'send', '{}'::jsonb, ?, ?, ?, ?, ?)",
                id, org, "event-" + id, UUID.randomUUID().toString(), status, next, at, at, at);
        return id;
    }
}
