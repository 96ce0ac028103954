package io.tocsin.autodraft.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One row of a metric's audit log; {@code incidentId} is null until incident-service has named the incident. */
public record AuditEntry(UUID id, Instant at, AuditKind kind, String metric, UUID incidentId, Map<String, Object> details) {
}
