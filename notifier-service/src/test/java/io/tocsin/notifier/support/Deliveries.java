package io.tocsin.notifier.support;

import static org.awaitility.Awaitility.await;

import io.tocsin.devstack.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The notifier's delivery table, as tests check it. */
public final class Deliveries {

    private Deliveries() {
    }

    public static List<Map<String, Object>> of(UUID incident) {
        return TestDatabase.rows("SELECT id, destination, action, status, attempts, last_error, last_status_code, next_attempt_at,"
                + " updated_at, event_type, payload::text AS payload FROM notifier.deliveries WHERE incident_id = ? ORDER BY position",
                incident);
    }

    public static long count(UUID incident, String destination) {
        return TestDatabase.count("SELECT count(*) FROM notifier.deliveries WHERE incident_id = ? AND destination LIKE ?",
                incident, destination);
    }

    /** Waits until every delivery of the incident is delivered or failed. */
    public static void awaitSettled(UUID incident, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM notifier.deliveries WHERE incident_id = ? AND status <> 'pending'", incident) == expected);
    }

    /** Waits until the incident has {@code expected} deliveries stored. */
    public static void awaitStored(UUID incident, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM notifier.deliveries WHERE incident_id = ?", incident) == expected);
    }

    /** Waits until the inbox recorded an event (consumed, whatever it planned). */
    public static void awaitConsumed(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM notifier.inbox WHERE message_id = ?", eventId) == 1);
    }
}
