package io.tocsin.autodraft.pagerduty;

import java.time.Instant;
import java.util.UUID;

/** A routing key of the PagerDuty-compatible intake: it names the organisation and the service signals are for. */
public record IntakeKey(UUID id, String org, String name, String service, String keyLast4, String createdBy,
        Instant createdAt) {
}
