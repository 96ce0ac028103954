package io.tocsin.notifier.deliveries;

import io.tocsin.notifier.Db;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A stored delivery: one event to one destination, and how sending it has gone so far. */
public record Delivery(UUID id, long position, String org, String eventId, String eventType, UUID incidentId,
        String destination, String action, JsonObject payload, byte[] credential, DeliveryStatus status, int attempts,
        Instant nextAttemptAt, Instant retryFrom, UUID claimToken, Integer lastStatusCode, String lastError, Instant createdAt,
        Instant updatedAt, Instant deliveredAt) {

    static final String COLUMNS = "id, position, org_id, event_id, event_type, incident_id, destination, action, payload,"
            + " credential, status, attempts, next_attempt_at, retry_from, claim_token, last_status_code, last_error, created_at,"
            + " updated_at, delivered_at";

    static Delivery of(Row row) {
        Buffer credential = row.getBuffer("credential");
        return new Delivery(row.getUUID("id"), row.getLong("position"), row.getString("org_id"), row.getString("event_id"),
                row.getString("event_type"), row.getUUID("incident_id"), row.getString("destination"), row.getString("action"),
                row.getJsonObject("payload"), credential == null ? null : credential.getBytes(),
                DeliveryStatus.of(row.getString("status")), row.getInteger("attempts"), Db.instant(row, "next_attempt_at"),
                Db.instant(row, "retry_from"), row.getUUID("claim_token"), row.getInteger("last_status_code"),
                row.getString("last_error"), Db.instant(row, "created_at"), Db.instant(row, "updated_at"),
                Db.instant(row, "delivered_at"));
    }

    public String kind() {
        return Destinations.kind(destination);
    }
}
