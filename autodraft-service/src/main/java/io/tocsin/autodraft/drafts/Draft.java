package io.tocsin.autodraft.drafts;

import java.time.Instant;
import java.util.UUID;

/** A draft incident-service created for one of our requests, as far as autodraft knows its fate. */
public record Draft(String org, UUID incidentId, String metric, Instant createdAt, DraftStatus status) {
}
